/**
 * Builds the artifact from a release folder and decides when an existing one is
 * stale. Build-only: the engine imports this module dynamically, and only when it
 * must build, so the scan path never loads the release readers.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { projectDataHash } from './artifact/stale.js';
import { compileLexicon, type CompileResult } from './lexicon/compile.js';
import { readRelease, type ReadReleaseOptions } from './lexicon/release.js';
import { formatReport } from './lexicon/report.js';
import { projectTerms, readSynonyms, siteSynonyms, type SynonymFile } from './lexicon/project-terms.js';
import { readIndexReferences } from './lexicon/index-references.js';
import { TermFilter } from './lexicon/term-filter.js';
import type { Lexicon, TermRecord } from './lexicon/types.js';

export interface BuildResult {
  path: string;
  bytes: number;
  seconds: { read: number; compile: number; total: number };
  report: string;
}

/** The terms the project adds to a release's: abbreviations, phrasing variants and the unnamed-illness words. */
export function addedTerms(lexicon: Lexicon, synonyms: SynonymFile, termFilter: TermFilter): TermRecord[] {
  const codes = new Set(lexicon.codes.map((c) => c.code));
  return [...projectTerms(lexicon, synonyms), ...termFilter.unnamedIllnessTerms(codes)];
}

/** How the build reads a release: the project's filter says which index aliases are read, and the project adds its own see-references. */
export function releaseOptions(termFilter: TermFilter = TermFilter.load()): ReadReleaseOptions {
  return { aliasAllowed: (title) => termFilter.aliasAllowed(title), references: readIndexReferences() };
}

/** The artifact for a release's lexicon, with the project's terms, filter and site synonyms (the benchmarks compile the same way). */
export function compileRelease(lexicon: Lexicon, termFilter: TermFilter = TermFilter.load()): CompileResult {
  const synonyms = readSynonyms();
  return compileLexicon(lexicon, addedTerms(lexicon, synonyms, termFilter), {
    termFilter,
    projectDataHash: projectDataHash(),
    siteSynonyms: siteSynonyms(synonyms),
  });
}

export async function buildArtifact(releaseDir: string, outPath: string): Promise<BuildResult> {
  const t0 = performance.now();
  const termFilter = TermFilter.load();
  const lexicon = await readRelease(releaseDir, releaseOptions(termFilter));
  const t1 = performance.now();
  const compiled = compileRelease(lexicon, termFilter);
  const t2 = performance.now();
  mkdirSync(dirname(outPath), { recursive: true });
  // Write then rename, so a reader never sees half a file.
  const tmp = `${outPath}.${process.pid}.tmp`;
  writeFileSync(tmp, compiled.bytes);
  renameSync(tmp, outPath);
  const report = [
    formatReport(lexicon),
    `compiled: ${compiled.terms} terms -> ${compiled.patterns} patterns, ${compiled.states} automaton states, ${compiled.vocabulary} words` +
      (compiled.emptyTerms > 0 ? `, ${compiled.emptyTerms} terms with no words skipped` : '') +
      `; left out: ${Object.entries(compiled.filtered).sort(([a], [b]) => (a < b ? -1 : 1)).map(([reason, n]) => `${n} ${reason}`).join(', ')}`,
    `artifact: ${outPath} (${(compiled.bytes.length / 1048576).toFixed(1)} MiB)`,
  ].join('\n');
  return {
    path: outPath,
    bytes: compiled.bytes.length,
    seconds: { read: (t1 - t0) / 1000, compile: (t2 - t1) / 1000, total: (performance.now() - t0) / 1000 },
    report,
  };
}
