/**
 * What the release readers produce (build time only; never imported at scan time).
 * The compiler in src/lexicon/compile.ts turns a Lexicon into the artifact.
 */
import type { SourceFile, TabularInfo } from '../artifact/format.js';
import type { TermSource } from '../types.js';
import type { SourceCheck } from '../release/verify.js';

// Shared with the artifact, which scan time reads: they live there.
export type { SourceFile, TabularInfo } from '../artifact/format.js';

export interface CodeRecord {
  /** Dotted code, e.g. `E11.22`, `S72.001A`, `I10`. */
  code: string;
  billable: boolean;
  shortDescription: string;
  longDescription: string;
}

export interface TermRecord {
  /** The term as text, e.g. `aspiration pneumonia`, `Essential hypertension`. */
  text: string;
  /** Dotted code that exists in the order file (after remapping). */
  code: string;
  source: TermSource;
}

export interface BuildReport {
  codes: number;
  billableCodes: number;
  termsBySource: Partial<Record<TermSource, number>>;
  /** Terms whose code was missing or a header and that were remapped, by reason. */
  remapped: number;
  /** Terms dropped because their code could not be remapped to a valid code. */
  dropped: number;
  /** A few examples of remaps and drops, for the printed report. */
  examples: string[];
  /** Remapped terms by reason, e.g. `seventh-character`, `unspecified-child`, `ancestor`. */
  remappedByReason?: Record<string, number>;
  /** Dropped terms by reason, e.g. `no-ancestor`, `malformed`. */
  droppedByReason?: Record<string, number>;
  /** Index see / see also references: resolved to a code, not resolvable, or generic ("see condition"). */
  references?: ReferenceReport;
  /** Release files of a known kind that were not used (an older year, a duplicate). */
  ignoredFiles?: string[];
  /** The files read, checked against the manifests beside them (src/release/verify.ts). */
  verification?: SourceCheck;
}

export interface ReferenceReport {
  resolved: number;
  unresolved: number;
  generic: number;
  /** Unresolved references by why they gave no code (src/lexicon/references.ts, UnresolvedClass). */
  unresolvedByClass: Partial<Record<UnresolvedClass, number>>;
  /** Every unresolved reference with the entry holding it; `node dist/tools/references.js` prints them. */
  unresolvedList: Array<{ file: string; from: string; reference: string; why: UnresolvedClass }>;
  /** Main terms read as another entry's name, its subterms included (src/lexicon/alphabetic-index.ts, aliasOf). */
  aliases: number;
  /** The project's own see-references that resolved (data/text/index-references.json). */
  added: number;
}

export interface Lexicon {
  sources: SourceFile[];
  /** Fiscal year of the order file, which defines which codes exist. */
  codesFiscalYear: number;
  /** Every code of the order file, in tabular order. */
  codes: CodeRecord[];
  terms: TermRecord[];
  /** Keyed by dotted code; present for codes the Tabular List describes. */
  tabular: Map<string, TabularInfo>;
  /** The Table of Neoplasms by site (neoplasm-sites.ts), when the release has the table. */
  neoplasmSites?: NeoplasmSites;
  report: BuildReport;
}

/** The Table of Neoplasms' rows as the release writes them (neoplasm-sites.ts). */
export interface NeoplasmSites {
  /** Headings of the code columns, in order. */
  columns: string[];
  /** The top row's code per column: the unspecified site. */
  unspecified: string[];
  /** Rows under the top row in table order, each with its parent row (-1: none), spellings and code per column. */
  rows: Array<{ parent: number; alts: string[]; codes: string[] }>;
}

/**
 * Receives a term as a release file states it, before its code is checked
 * against the order file: `code` may be incomplete ("S72.0-") or from an older
 * year. A callback rather than arrays of objects: half a million short-lived
 * term objects kept in arrays cost seconds of garbage collection.
 */
export type EmitTerm = (text: string, code: string, source: TermSource) => void;

/** Why a reference gave no code. */
export type UnresolvedClass =
  /** No entry has the path the reference spells. */
  | 'not-found'
  /** The entry exists but carries no code of its own ("see Sequelae", "see also Disease"): its subterms are for the note to choose. */
  | 'no-code'
  /** "Table of Drugs and Chemicals, by drug": the code depends on the substance the note names. */
  | 'by-substance'
  /** A table reference that names no column ("see Neoplasm"; "see Table of Drugs and Chemicals"). */
  | 'no-column'
  /** The named table row has no code in the named column, or there is no such row. */
  | 'no-table-row'
  /** A table the release folder lacks. */
  | 'no-table'
  /** A code pattern that leaves a character open ("V00-V99 with 7th character S", "F11-F19 with .x59"). */
  | 'code-pattern'
  /**
   * The site is left to the note and no code stands for a site not said: "Hernia,
   * by site, with obstruction", or a heading's "see Neoplasm, malignant, by site"
   * ("Carcinoma", whose subterms name the sites and types).
   */
  | 'by-site';
