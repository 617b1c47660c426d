/**
 * Release folder -> Lexicon. The newest order file decides which codes exist;
 * every other file only contributes terms and facts about those codes, and
 * every term's code is checked (and where needed completed) against it.
 *
 * The output depends only on the bytes of the files chosen: files are chosen by
 * year then name, and terms, codes and sources are sorted with ordinal comparisons.
 */
import { IcdError } from '../errors.js';
import { TERM_SOURCES, type TermSource } from '../types.js';
import { indexTerms } from './alphabetic-index.js';
import type { AddedReference } from './index-references.js';
import { cmp, findReleaseFiles, label, type ReleaseFile, type Role } from './files.js';
import { readIndexTree } from './index-tree.js';
import type { ReferenceTables, UnresolvedClass } from './references.js';
import { parseOrderFile } from './order.js';
import { CodeTree, Remapper } from './remap.js';
import { readTabular } from './tabular.js';
import { readNeoplasmSites } from './neoplasm-sites.js';
import { drugTerms, neoplasmTerms } from './tables.js';
import { TermSink } from './terms.js';
import { shippedManifest } from '../release/shipped.js';
import { verifySources } from '../release/verify.js';
import type { BuildReport, CodeRecord, EmitTerm, Lexicon, ReferenceReport, SourceFile, TabularInfo } from './types.js';
import { textForms } from './variants.js';

const REQUIRED: readonly Role[] = ['order', 'tabular', 'index'];
const ROLE_ORDER: readonly Role[] = ['order', 'tabular', 'index', 'external-cause', 'drug', 'neoplasm'];

export interface ReadReleaseOptions {
  /** Whether an index main term that only names another entry is read with that entry's subterms (alphabetic-index.ts, indexTerms); default all. */
  aliasAllowed?: (title: string) => boolean;
  /** The project's own see-references into the index (data/text/index-references.json); default none. */
  references?: readonly AddedReference[];
}

/** Reads a release folder. Rejects with E_RELEASE_NOT_FOUND or E_RELEASE_INVALID. */
export async function readRelease(dir: string, options: ReadReleaseOptions = {}): Promise<Lexicon> {
  const { chosen, ignored } = await findReleaseFiles(dir);
  const missing = REQUIRED.filter((r) => !chosen.has(r));
  if (missing.length > 0) {
    throw new IcdError('E_RELEASE_NOT_FOUND', `release folder ${dir} lacks: ${missing.join(', ')}`, {
      issues: missing.map((r) => ({ path: dir, message: `no ${r} file found`, expected: EXPECTED[r] })),
    });
  }
  // Checked before anything is parsed: a damaged file fails here with its name, not deep in a parser.
  const verification = verifySources(dir, sortSources([...chosen.values()].map((f) => f.source)), shippedManifest());
  const file = (r: Role): ReleaseFile | undefined => chosen.get(r);
  const order = file('order') as ReleaseFile;
  const codes = parseOrderFile(order.text, label(order.source));
  const remapper = new Remapper(new CodeTree(codes));
  const sink = new TermSink(remapper);
  const emit = sink.emit;

  descriptionTerms(codes, emit);
  const tabularFile = file('tabular') as ReleaseFile;
  const tabular = readTabular(tabularFile.text, label(tabularFile.source), emit);
  // The tables are read first: index see-references name their rows ("see Neoplasm, malignant, by site").
  const drug = file('drug');
  const neoplasm = file('neoplasm');
  const tables: ReferenceTables = {
    drug: drug ? readIndexTree(drug.text, label(drug.source)) : undefined,
    neoplasm: neoplasm ? readIndexTree(neoplasm.text, label(neoplasm.source)) : undefined,
  };
  const references: ReferenceReport = { resolved: 0, unresolved: 0, generic: 0, unresolvedByClass: {}, unresolvedList: [], aliases: 0, added: 0 };
  for (const [role, source] of [['index', 'index'], ['external-cause', 'external-cause']] as const) {
    const f = file(role);
    if (!f) continue;
    const counts = indexTerms(readIndexTree(f.text, label(f.source), { allMainModifiers: role === 'index' }), source, emit, tables, options);
    references.resolved += counts.resolved;
    references.unresolved += counts.unresolved;
    references.generic += counts.generic;
    references.aliases += counts.aliases;
    references.added += counts.added;
    for (const [why, n] of Object.entries(counts.unresolvedByClass)) {
      references.unresolvedByClass[why as UnresolvedClass] = (references.unresolvedByClass[why as UnresolvedClass] ?? 0) + n;
    }
    references.unresolvedList.push(...counts.unresolvedList.map((u) => ({ ...u, file: label(f.source) })));
  }
  if (tables.drug) drugTerms(tables.drug, emit);
  if (tables.neoplasm) neoplasmTerms(tables.neoplasm, emit);

  const terms = sink.finish(codes);
  const summary = remapper.summary();

  const termsBySource: Partial<Record<TermSource, number>> = {};
  for (const s of TERM_SOURCES) {
    const n = terms.filter((t) => t.source === s).length;
    if (n > 0) termsBySource[s] = n;
  }
  const report: BuildReport = {
    codes: codes.length,
    billableCodes: codes.filter((c) => c.billable).length,
    termsBySource,
    remapped: summary.remapped,
    dropped: summary.dropped,
    examples: summary.examples,
    remappedByReason: summary.remappedByReason,
    droppedByReason: summary.droppedByReason,
    references,
    ignoredFiles: ignored,
    verification,
  };
  return {
    sources: sortSources([...chosen.values()].map((f) => f.source)),
    codesFiscalYear: order.source.fiscalYear,
    codes,
    terms,
    tabular: tabularForCodes(tabular, codes),
    ...(tables.neoplasm ? { neoplasmSites: readNeoplasmSites(tables.neoplasm, new Set(codes.map((c) => c.code))) } : {}),
    report,
  };
}

const EXPECTED: Record<Role, string> = {
  order: 'an order file (icd10cm_order_YYYY.txt, or the code-descriptions zip holding it)',
  tabular: 'a Tabular List XML (root <ICD10CM.tabular>), plain or .gz',
  index: 'an Alphabetic Index XML (root <ICD10CM.index>), plain or .gz',
  'external-cause': 'an External Cause Index XML',
  drug: 'a Table of Drugs and Chemicals XML',
  neoplasm: 'a Table of Neoplasms XML',
};

/** Each code's long description, and its short one where it says something else (abbreviations). */
function descriptionTerms(codes: readonly CodeRecord[], emit: EmitTerm): void {
  for (const c of codes) {
    for (const text of textForms(c.longDescription)) emit(text, c.code, 'description');
    if (c.shortDescription.toLowerCase() !== c.longDescription.toLowerCase()) {
      for (const text of textForms(c.shortDescription)) emit(text, c.code, 'short-description');
    }
  }
}

/** Tabular facts for the codes that exist now, in tabular order; older codes would never be looked up. */
function tabularForCodes(info: Map<string, TabularInfo>, codes: readonly CodeRecord[]): Map<string, TabularInfo> {
  const out = new Map<string, TabularInfo>();
  for (const c of codes) {
    const i = info.get(c.code);
    if (i) out.set(c.code, i);
  }
  return out;
}

function sortSources(sources: SourceFile[]): SourceFile[] {
  return sources.sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || cmp(label(a), label(b)));
}
