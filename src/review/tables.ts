/**
 * The span review's per-code answers, worked out once at build time and
 * written into the artifact (`review.*` sections), so that an engine reviews
 * at full speed from its first note. Worked out on first use instead, a fresh
 * process stemmed titles for its first megabyte or so of notes (a first pass
 * at 0.7-0.8x of a warm one); worked out at load, they cost each worker about
 * a second of CPU.
 *
 * The answers are the definitions of code-facts.ts and refinements.ts, run
 * for every code (and every candidate row) of the lexicon:
 * - `review.flags` (u8 per code): OPEN when the title leaves something open
 *   ("unspecified", "generalized"), GENERALIZED_ONLY when what it leaves open
 *   is only the site, INITIAL when the code has the 7th character 'A'.
 * - `review.defaults` (i32 per code): a header's default child, -1 when none
 *   (and for billable codes).
 * - `review.encounter` (i32, two per code): an initial-encounter code's
 *   subsequent-encounter ('D') and sequela ('S') siblings, -1 when none.
 * - `review.options.start` (u32, codes + 1) and `review.options` (i32): the
 *   refinement options of each open code (a header, or OPEN), packed as
 *   refinements.ts describes, code c's from start[c] to start[c + 1].
 * - `review.named.row` (u32, rising) and `review.named.code` (i32): the
 *   candidate rows whose term is the title of an ancestor of the row's code,
 *   and that ancestor ("Type 2 diabetes mellitus" names E11). Every other row
 *   names its own code.
 */
import type { TypedArray } from '../artifact/format.js';
import type { ReviewArrays } from '../artifact/model.js';
import { S, sectionsOf } from '../artifact/sections.js';
import type { StringTable } from '../artifact/strings.js';
import { CodeFacts, type ReviewSource } from './code-facts.js';
import { DIGIT_INTS, HEAD, LOCALIZED, Refinements, WORDS } from './refinements.js';

export const OPEN = 1;
export const GENERALIZED_ONLY = 2;
export const INITIAL = 4;

/** The `review.*` sections of a lexicon (build time: lexicon/compile.ts). */
export function reviewSections(src: ReviewSource): Array<[string, TypedArray]> {
  return sectionsOf(S.review, computeReviewArrays(src));
}

/** Runs the definitions (code-facts.ts, refinements.ts) for every code and candidate row. */
function computeReviewArrays(src: ReviewSource): ReviewArrays {
  const f = new CodeFacts(src);
  const refinements = new Refinements(f);
  const n = src.parent.length;
  const flags = new Uint8Array(n);
  const defaults = new Int32Array(n).fill(-1);
  const encounter = new Int32Array(2 * n).fill(-1);
  const optionStart = new Uint32Array(n + 1);
  const options: number[] = [];
  for (let c = 0; c < n; c++) {
    const open = f.openTitle(c);
    const initial = f.initialEncounter(c);
    flags[c] = (open ? OPEN : 0) | (f.generalizedTitle(c) ? GENERALIZED_ONLY : 0) | (initial ? INITIAL : 0);
    const header = src.billable[c] !== 1;
    if (header) defaults[c] = f.defaultChild(c);
    if (initial) {
      encounter[2 * c] = f.encounterSibling(c, 'D');
      encounter[2 * c + 1] = f.encounterSibling(c, 'S');
    }
    optionStart[c] = options.length;
    if (header || open) for (const v of refinements.of(c, header).data) options.push(v);
  }
  optionStart[n] = options.length;
  const namedRow: number[] = [];
  const namedCode: number[] = [];
  for (let row = 0; row < src.candCode.length; row++) {
    const code = src.candCode[row] as number;
    const named = f.namedAncestor(code, src.terms.get(src.candTerm[row] as number));
    if (named !== code) {
      namedRow.push(row);
      namedCode.push(named);
    }
  }
  return {
    flags,
    defaults,
    encounter,
    optionStart,
    options: Int32Array.from(options),
    namedRow: Uint32Array.from(namedRow),
    namedCode: Int32Array.from(namedCode),
  };
}

/** The review's reading of the `review.*` sections. */
export class ReviewTables {
  /** The packed options of every open code (refinements.ts); code c's are `options[optionsFrom(c) .. optionsTo(c))`. */
  readonly options: Int32Array;

  constructor(
    private readonly a: ReviewArrays,
    private readonly vocab: StringTable,
  ) {
    this.options = a.options;
  }

  /** Whether a code's title leaves something open: "unspecified" or "generalized". */
  openTitle(code: number): boolean {
    return ((this.a.flags[code] as number) & OPEN) !== 0;
  }

  /** Whether a code's title leaves only the site open: "generalized", not "unspecified" (R60.1, R59.1). */
  generalizedTitle(code: number): boolean {
    return ((this.a.flags[code] as number) & GENERALIZED_ONLY) !== 0;
  }

  /** Whether a code has a 7th character, and it is the initial encounter 'A'. */
  initialEncounter(code: number): boolean {
    return ((this.a.flags[code] as number) & INITIAL) !== 0;
  }

  /** A header's default child (code-facts.ts defaultChild), or -1. */
  defaultChild(header: number): number {
    return this.a.defaults[header] as number;
  }

  /** The same code in the subsequent encounter ('D') or as a sequela ('S'), or -1. */
  encounterSibling(code: number, seventh: 'D' | 'S'): number {
    return this.a.encounter[2 * code + (seventh === 'D' ? 0 : 1)] as number;
  }

  /** The code candidate row `row`'s term names: an ancestor whose title it is, or the row's own code. */
  namedAncestorOfRow(row: number, ownCode: number): number {
    const rows = this.a.namedRow;
    let lo = 0;
    let hi = rows.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const r = rows[mid] as number;
      if (r === row) return this.a.namedCode[mid] as number;
      if (r < row) lo = mid + 1;
      else hi = mid - 1;
    }
    return ownCode;
  }

  optionsFrom(code: number): number {
    return this.a.optionStart[code] as number;
  }

  optionsTo(code: number): number {
    return this.a.optionStart[code + 1] as number;
  }

  /** The title words the option at `at` adds (normalised), in title order, for explanations. */
  addedWords(at: number): string[] {
    const data = this.options;
    const out: string[] = [];
    for (let w = 0; w < (data[at + WORDS] as number); w++) {
      const id = data[at + HEAD + w] as number;
      // Only "localized" may be no lexicon word (refinements.ts): a site word says it.
      out.push(id >= 0 ? this.vocab.get(id) : LOCALIZED);
    }
    return out;
  }
}

/** Where the option after the one at `at` starts. */
export function nextOption(data: Int32Array, at: number): number {
  return at + HEAD + (data[at + WORDS] as number) + (data[at + DIGIT_INTS] as number);
}
