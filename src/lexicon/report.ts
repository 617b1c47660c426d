/** The build report as text lines, for the compile tool's console output. */
import { TERM_SOURCES } from '../types.js';
import { label } from './files.js';
import { UNRESOLVED_CLASSES } from './references.js';
import type { Lexicon } from './types.js';

export function formatReport(lexicon: Lexicon): string {
  const r = lexicon.report;
  const n = (x: number): string => x.toLocaleString('en-US');
  const lines: string[] = [];
  lines.push(`ICD-10-CM release, codes from FY${lexicon.codesFiscalYear}`);
  lines.push('sources:');
  const checked = new Map((r.verification?.verified ?? []).map((v) => [v.file, v.manifest]));
  for (const s of lexicon.sources) {
    const mark = r.verification === undefined ? '' : checked.has(s.name) ? `  matches ${checked.get(s.name)}` : '  unchecked';
    lines.push(`  ${s.role.padEnd(14)} FY${s.fiscalYear}  ${label(s)}  ${n(s.bytes)} bytes  sha256 ${s.sha256}${mark}`);
  }
  for (const f of r.ignoredFiles ?? []) lines.push(`  ignored        ${f}`);
  if (r.verification !== undefined) {
    const v = r.verification;
    lines.push(
      `release check: ${v.verified.length} of ${v.verified.length + v.unchecked.length} files read match the size and sha256 their manifest gives` +
        (v.unchecked.length > 0 ? `; no manifest lists ${v.unchecked.join(', ')} (unchecked)` : ''),
    );
  }
  lines.push(`codes: ${n(r.codes)} (${n(r.billableCodes)} billable, ${n(r.codes - r.billableCodes)} headers)`);
  lines.push(`tabular entries: ${n(lexicon.tabular.size)}`);
  const total = lexicon.terms.length;
  lines.push(`terms: ${n(total)}`);
  for (const s of TERM_SOURCES) {
    const c = r.termsBySource[s];
    if (c !== undefined) lines.push(`  ${s.padEnd(18)} ${n(c).padStart(9)}`);
  }
  if (r.references) {
    const ref = r.references;
    lines.push(`index references: ${n(ref.resolved)} resolved, ${n(ref.unresolved)} unresolved, ${n(ref.generic)} generic ("see condition")`);
    lines.push(`  main terms read as another's name, with its subterms: ${n(ref.aliases)}`);
    lines.push(`  the project's own see-references (index-references.json): ${n(ref.added)}`);
    for (const why of UNRESOLVED_CLASSES) {
      const c = ref.unresolvedByClass[why];
      if (c !== undefined) lines.push(`  unresolved, ${why.padEnd(34)} ${n(c).padStart(9)}`);
    }
  }
  lines.push(`remapped terms: ${n(r.remapped)}`);
  for (const [k, v] of Object.entries(r.remappedByReason ?? {})) lines.push(`  ${k.padEnd(44)} ${n(v).padStart(9)}`);
  lines.push(`dropped terms: ${n(r.dropped)}`);
  for (const [k, v] of Object.entries(r.droppedByReason ?? {})) lines.push(`  ${k.padEnd(44)} ${n(v).padStart(9)}`);
  if (r.examples.length > 0) {
    lines.push('examples:');
    for (const e of r.examples) lines.push(`  ${e}`);
  }
  return lines.join('\n');
}
