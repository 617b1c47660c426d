/**
 * Public result and option types. Offsets are UTF-16 code unit indexes into the
 * caller's original string, half-open: `text.slice(span.start, span.end) === span.text`.
 */

/** Where a matched term came from in the release. */
export type TermSource =
  | 'description' // long description of the code (order file / Tabular)
  | 'short-description' // short description of the code (order file)
  | 'inclusion' // Tabular inclusion term
  | 'index' // Alphabetic Index main term + subterm path
  | 'index-see' // Alphabetic Index term resolved through a see / see also reference
  | 'external-cause' // External Cause Index
  | 'neoplasm' // Table of Neoplasms
  | 'drug' // Table of Drugs and Chemicals
  | 'abbreviation'; // project abbreviation list (data/text/abbreviations.json)

export const TERM_SOURCES: readonly TermSource[] = [
  'description',
  'short-description',
  'inclusion',
  'index',
  'index-see',
  'external-cause',
  'neoplasm',
  'drug',
  'abbreviation',
];

export interface Concept {
  /** ICD-10-CM code with its dot, e.g. `E11.22`. */
  code: string;
  description: string;
  /** False for category / subcategory headers, which cannot be billed. */
  billable: boolean;
  /** Ranking score in [0, 1]; concepts are sorted by it, best first. */
  score: number;
  /** The release term that matched, as written in the release. */
  term: string;
  source: TermSource;
}

export interface Assertions {
  negated: boolean;
  uncertain: boolean;
  hypothetical: boolean;
  historical: boolean;
  /** About someone other than the patient (family member or other person). */
  family: boolean;
}

export interface Span {
  start: number;
  end: number;
  text: string;
  /** Confidence in [0, 1] that the top concept is right for this span. */
  score: number;
  /** The release term of the top concept. */
  term: string;
  source: TermSource;
  concepts: Concept[];
  /** Present when context detection ran (the default). */
  assertions?: Assertions;
  /** Ids of the context rules that set any assertion, e.g. `neg.no`. */
  rules?: string[];
  /** Normalised name of the note section the span is in, e.g. `family_history`. */
  section?: string | null;
}

export type MatchKind = 'leftmost-longest' | 'overlapping';

/**
 * The kind of text, which decides how some context cues read (see README, Context).
 * `clinical`: notes and reports. `criteria`: clinical-trial eligibility criteria,
 * where "other than", "except" and "unless" carve an exception out of a criterion.
 */
export type Genre = 'clinical' | 'criteria';

export interface DetectOptions {
  /** `leftmost-longest` (default): non-overlapping, longest match at each position. `overlapping`: every term match. */
  match?: MatchKind;
  /** Maximum candidate concepts per span (default 5). */
  maxCandidates?: number;
  /** Run context (negation, history, family...) detection (default true). */
  context?: boolean;
  /** Drop spans that are not affirmed for the patient now (default false). */
  affirmedOnly?: boolean;
  /** Drop spans whose confidence is below this (default 0). */
  minScore?: number;
  /**
   * Review each span against its sentence (default true): drop candidates whose
   * words only stem like the note's, refine header/unspecified codes by side,
   * stage, acuity and encounter, resolve ambiguous abbreviations (PE, MS, RA...)
   * by cue words, give an unspecified-site neoplasm ("the tumor") the code of
   * the neoplasm the note names, read each qualifier of "hepatic, renal or
   * cardiac impairment", leave out terms inside section headers (with
   * `context`), and compute the calibrated confidence. Costs a quarter to two fifths
   * of the time of detection without it (1.23-1.41x in `npm run bench`); `false` gives raw dictionary matches.
   */
  refine?: boolean;
  /** The kind of text (default `'clinical'`); `'criteria'` reads eligibility criteria. */
  genre?: Genre;
  /**
   * Most spans one document may yield (default 200,000); past it detection stops with
   * E_OUTPUT_TOO_LARGE. It bounds the memory of one call (about half a kilobyte per span)
   * on pathological text such as "asthma asthma ..."; clinical prose has a span every
   * 100-200 characters, so a 10-million-character note stays well inside it.
   */
  maxSpans?: number;
}

/** What `engine.lookup(code)` and `icd10cm lookup CODE` return. */
export interface CodeInfo {
  code: string;
  description: string;
  billable: boolean;
  /** Nearest existing ancestor code, e.g. `E11.2` for `E11.22`. */
  parent: string | null;
  chapter: { id: string; description: string } | null;
  block: { id: string; description: string } | null;
  category: { code: string; description: string } | null;
  inclusionTerms: string[];
  /** Tabular "Includes" notes: conditions the category covers. */
  includes: string[];
  excludes1: string[];
  excludes2: string[];
  notes: string[];
  codeFirst: string[];
  useAdditionalCode: string[];
  codeAlso: string[];
}
