/**
 * What the span review (refine.ts) asks of the code tree, worked out from the
 * titles: children, title words, which titles leave something open, the codes a
 * refinement may choose, a header's default child. All of it follows from the
 * lexicon alone, so the build works it out for every code and writes the
 * answers into the artifact (tables.ts); an engine reads them from there and
 * never stems a title. These definitions are what the build runs, and what a
 * review of a term the candidate rows do not hold (refineCode with a term,
 * refineSpan of a foreign span) still asks on first use, kept in typed arrays
 * indexed by code and bounded maps.
 */
import type { StringTable, WordTable } from '../artifact/strings.js';
import { normalizedWords } from './agreement.js';
import { functionWords } from '../text/function-words.js';
import { ENCOUNTER_CLAUSE, GENERALIZED, UNSPECIFIED, WITHOUT_CLAUSE } from './wording.js';

/** The codes a refinement below a root may choose, with an index from title word to codes. */
export interface Pool {
  codes: number[];
  byWord: Map<string, number[]>;
}

const SEVENTH = /^[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{3}[A-Z]$/;
const SEVENTH_A = /^[A-Z][0-9][0-9A-Z]\.[0-9A-Z]{3}A$/;

/** Words that never need the sentence's support: they only glue a title together. */
export const GLUE = functionWords('glue');
/** Words a refinement may add without the sentence saying them: the note's silence is what they mean. */
export const FREE = functionWords('free');
/** Words a refinement may drop from the current code's description. */
export const DROPPABLE = functionWords('droppable');

/** A title without parenthesised modifiers and without its encounter clause. */
function coreTitle(description: string): string {
  return description.replace(/\([^)]*\)/g, ' ').replace(ENCOUNTER_CLAUSE, '');
}

/** Codes without a 7th character, or with the initial-encounter 'A'; the encounter is chosen apart. */
function initialOrNone(dotted: string): boolean {
  return !SEVENTH.test(dotted) || dotted.endsWith('A');
}

// Flag arrays: 0 not computed yet, 1 false, 2 true.
const NO = 1;
const YES = 2;
// openFlags has a third value: open, and what is open is only the site ("generalized").
const YES_GENERALIZED = 3;
// Code arrays: NOT_YET not computed, -1 none.
const NOT_YET = -2;

/**
 * The lexicon tables the definitions read: a CompiledLexicon at scan time, the
 * compiler's packed tables at build time (lexicon/compile.ts).
 */
export interface ReviewSource {
  parent: Int32Array;
  billable: Uint8Array;
  codes: StringTable;
  descriptions: WordTable;
  vocab: StringTable;
  candCode: Int32Array;
  candTerm: Int32Array;
  terms: WordTable;
  /** Index of a dotted code, or -1. */
  codeIndex(code: string): number;
}

export class CodeFacts {
  /** Children of code i are kids[start[i] .. start[i + 1]). */
  private readonly start: Int32Array;
  private readonly kids: Int32Array;
  private readonly codeTexts: Array<string | undefined>;
  private readonly descriptionTexts: Array<string | undefined>;
  private readonly descWords: Array<ReadonlySet<string> | undefined>;
  private descWordCount = 0;
  private readonly openFlags: Uint8Array;
  private readonly seventhAFlags: Uint8Array;
  private readonly defaults: Int32Array;
  private readonly subsequent: Int32Array;
  private readonly sequela: Int32Array;
  private readonly pools = new Map<number, Pool>();
  /** namedAncestor results by term, then code. */
  private readonly named = new Map<string, Map<number, number>>();
  private namedCount = 0;
  private readonly indexOfCode = new Map<string, number>();
  private vocabIds: Map<string, number> | undefined;

  constructor(readonly lx: ReviewSource) {
    const n = lx.parent.length;
    const count = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) {
      const p = lx.parent[i] as number;
      if (p >= 0) count[p + 1] = (count[p + 1] as number) + 1;
    }
    for (let i = 0; i < n; i++) count[i + 1] = (count[i + 1] as number) + (count[i] as number);
    this.start = count.slice();
    const fill = count.slice();
    this.kids = new Int32Array(this.start[n] as number);
    for (let i = 0; i < n; i++) {
      const p = lx.parent[i] as number;
      if (p >= 0) {
        this.kids[fill[p] as number] = i;
        fill[p] = (fill[p] as number) + 1;
      }
    }
    this.codeTexts = new Array<string | undefined>(n);
    this.descriptionTexts = new Array<string | undefined>(n);
    this.descWords = new Array<ReadonlySet<string> | undefined>(n);
    this.openFlags = new Uint8Array(n);
    this.seventhAFlags = new Uint8Array(n);
    this.defaults = new Int32Array(n).fill(NOT_YET);
    this.subsequent = new Int32Array(n).fill(NOT_YET);
    this.sequela = new Int32Array(n).fill(NOT_YET);
  }

  /** Dotted code of code index i. */
  code(i: number): string {
    return (this.codeTexts[i] ??= this.lx.codes.get(i));
  }

  description(i: number): string {
    return (this.descriptionTexts[i] ??= this.lx.descriptions.get(i));
  }

  /** Index of a dotted code as the candidate reader writes it, or -1. */
  codeIndex(code: string): number {
    let i = this.indexOfCode.get(code);
    if (i === undefined) {
      i = this.lx.codeIndex(code);
      if (this.indexOfCode.size >= 50_000) this.indexOfCode.clear();
      this.indexOfCode.set(code, i);
    }
    return i;
  }

  /** Vocabulary id of a normalised word, or -1 when no term has it (then no note's token stream has it either). */
  vocabId(word: string): number {
    if (this.vocabIds === undefined) {
      const ids = new Map<string, number>();
      for (let i = 0; i < this.lx.vocab.length; i++) {
        const w = this.lx.vocab.get(i);
        if (!ids.has(w)) ids.set(w, i);
      }
      this.vocabIds = ids;
    }
    return this.vocabIds.get(word) ?? -1;
  }

  /** The 3-character category above code i. */
  categoryOf(i: number): number {
    let c = i;
    for (let p = this.lx.parent[c] as number; p >= 0; p = this.lx.parent[c] as number) c = p;
    return c;
  }

  /**
   * Normalised words of a code's title without its nonessential modifiers
   * (parenthesised: "stage 4 (severe)") and without its encounter clause
   * (", initial encounter for closed fracture"), which the 7th character says.
   */
  descriptionWords(code: number): ReadonlySet<string> {
    let w = this.descWords[code];
    if (w === undefined) {
      w = new Set(normalizedWords(coreTitle(this.description(code))));
      if (this.descWordCount > 50_000) {
        this.descWords.fill(undefined);
        this.descWordCount = 0;
      }
      this.descWords[code] = w;
      this.descWordCount++;
    }
    return w;
  }

  /** Whether a code's title leaves something open: "unspecified" or "generalized". */
  openTitle(code: number): boolean {
    return this.openFlag(code) >= YES;
  }

  /** Whether a code's title leaves only the site open: "generalized", not "unspecified" (R60.1, R59.1). */
  generalizedTitle(code: number): boolean {
    return this.openFlag(code) === YES_GENERALIZED;
  }

  private openFlag(code: number): number {
    let f = this.openFlags[code] as number;
    if (f === 0) {
      const d = this.description(code);
      f = this.openFlags[code] = UNSPECIFIED.test(d) ? YES : GENERALIZED.test(d) ? YES_GENERALIZED : NO;
    }
    return f;
  }

  /** Whether a code has a 7th character, and it is the initial encounter 'A'. */
  initialEncounter(code: number): boolean {
    let f = this.seventhAFlags[code] as number;
    if (f === 0) f = this.seventhAFlags[code] = SEVENTH_A.test(this.code(code)) ? YES : NO;
    return f === YES;
  }

  /** The same code in the subsequent encounter ('D') or as a sequela ('S'), or -1. */
  encounterSibling(code: number, seventh: 'D' | 'S'): number {
    const table = seventh === 'D' ? this.subsequent : this.sequela;
    let c = table[code] as number;
    if (c === NOT_YET) {
      const dotted = this.code(code);
      c = table[code] = this.lx.codeIndex(dotted.slice(0, -1) + seventh);
    }
    return c;
  }

  pool(root: number): Pool {
    let pool = this.pools.get(root);
    if (pool === undefined) {
      const codes = this.billableDescendants(root).filter((c) => initialOrNone(this.code(c)));
      const byWord = new Map<string, number[]>();
      for (const c of codes) {
        for (const w of this.descriptionWords(c)) {
          const list = byWord.get(w);
          if (list === undefined) byWord.set(w, [c]);
          else list.push(c);
        }
      }
      pool = { codes, byWord };
      if (this.pools.size >= 2_000) this.pools.clear();
      this.pools.set(root, pool);
    }
    return pool;
  }

  /** Billable codes below `root` (the root included when billable). */
  private billableDescendants(root: number): number[] {
    const out: number[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const c = stack.pop() as number;
      if (this.lx.billable[c] === 1) out.push(c);
      for (let k = this.start[c] as number; k < (this.start[c + 1] as number); k++) stack.push(this.kids[k] as number);
    }
    return out;
  }

  /** The nearest ancestor of `code` (or `code` itself) whose title is `term`, word for word. */
  namedAncestor(code: number, term: string): number {
    let byCode = this.named.get(term);
    let a = byCode?.get(code);
    if (a === undefined) {
      a = this.findNamedAncestor(code, term);
      if (this.namedCount >= 50_000) {
        this.named.clear();
        this.namedCount = 0;
        byCode = undefined;
      }
      if (byCode === undefined) this.named.set(term, (byCode = new Map()));
      byCode.set(code, a);
      this.namedCount++;
    }
    return a;
  }

  private findNamedAncestor(code: number, term: string): number {
    const tw = new Set(normalizedWords(term.replace(/\([^)]*\)/g, ' ')));
    for (let c = code; c >= 0; c = this.lx.parent[c] as number) {
      const dw = this.descriptionWords(c);
      if (dw.size === tw.size && [...tw].every((w) => dw.has(w))) return c;
    }
    return code;
  }

  /**
   * The code a header stands for when the note says nothing more: its descendant
   * that adds only "unspecified" (rank 1), only a "without ..." clause or
   * "uncomplicated" (rank 2, "Type 2 diabetes mellitus without complications",
   * "Unspecified asthma, uncomplicated"), or "other" (rank 3), in
   * the initial encounter when there is a 7th character. -1 when there is none
   * or two tie.
   */
  defaultChild(header: number): number {
    let d = this.defaults[header] as number;
    if (d === NOT_YET) d = this.defaults[header] = this.findDefaultChild(header);
    return d;
  }

  private findDefaultChild(header: number): number {
    const hw = this.descriptionWords(header);
    let best: { code: number; rank: number; size: number } | null = null;
    let tie = false;
    for (const c of this.pool(header).codes) {
      const text = coreTitle(this.description(c));
      const hasWithout = WITHOUT_CLAUSE.test(text);
      const all = new Set(normalizedWords(text));
      if (![...hw].every((w) => all.has(w) || DROPPABLE.has(w))) continue;
      const added = [...new Set(normalizedWords(text.replace(WITHOUT_CLAUSE, ' ')))].filter((w) => !hw.has(w) && !GLUE.has(w));
      let rank: number;
      if (added.every((w) => w === 'unspecifi' || w === 'unsp')) rank = hasWithout ? 2 : 1;
      else if (added.every((w) => w === 'unspecifi' || w === 'other')) rank = 3;
      else continue;
      if (best === null || rank < best.rank || (rank === best.rank && all.size < best.size)) {
        tie = false;
        best = { code: c, rank, size: all.size };
      } else if (rank === best.rank && all.size === best.size) tie = true;
    }
    return best === null || tie ? -1 : best.code;
  }

  /**
   * Normalised words of a code's title in order, parenthesised modifiers out
   * but the encounter clause kept (the digit check reads which word precedes a digit).
   */
  titleSequence(code: number): string[] {
    return normalizedWords(this.description(code).replace(/\([^)]*\)/g, ' '));
  }
}
