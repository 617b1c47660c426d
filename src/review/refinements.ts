/**
 * The codes an open code (a header, an 'unspecified' or a 'generalized' code)
 * may move to when its sentence says more, each with the title words it adds.
 * This part of the refinement rule (refine.ts) depends on the lexicon alone, so
 * it is worked out once per open code and kept; a span then only checks which
 * options its sentence says.
 *
 * An option is a billable code of the same category (of the header itself for
 * a header) that keeps every title word that may not go (DROPPABLE; 'localized'
 * may replace 'generalized') and adds at least one word besides glue and the
 * words silence means ("unspecified").
 */
import { CodeFacts, DROPPABLE, FREE, GLUE } from './code-facts.js';

/** The normalised "localized", which a body-site word near the span also says. */
export const LOCALIZED = 'local';
const GENERALIZED = 'gener';
const DIGITS = /^[0-9]+$/;

/**
 * The options of one open code. A span of that code reads them all, right
 * after the tokenizer and the automaton have filled the caches with other
 * things, so they are packed in one Int32Array rather than spread over an
 * object per option. Option k starts at `at`, with `at` = 0 for the first and
 * the next at `at + HEAD + data[at + WORDS] + data[at + DIGIT_INTS]`:
 *
 *   data[at + CODE]        the code it moves to
 *   data[at + WORDS]       how many title words it adds
 *   data[at + LOCAL]       which of them is LOCALIZED, -1 when none
 *   data[at + DIGIT_INTS]  2 x how many digits it adds
 *   then the vocabulary ids of the words, then for each digit the id of the
 *   title word before it and the digit's id ("stage 4").
 */
export interface Options {
  count: number;
  data: Int32Array;
  /** The title words each option adds (normalised), in title order, for explanations. */
  added: string[][];
}

export const CODE = 0;
export const WORDS = 1;
export const LOCAL = 2;
export const DIGIT_INTS = 3;
export const HEAD = 4;

const NONE: Options = { count: 0, data: new Int32Array(0), added: [] };

export class Refinements {
  /** Options by code index, filled on first use (at most one per code of the lexicon). */
  private readonly options: Array<Options | undefined>;

  constructor(private readonly facts: CodeFacts) {
    this.options = new Array<Options | undefined>(facts.lx.parent.length);
  }

  /** The options of open code `named` (`header`: it is not billable). */
  of(named: number, header: boolean): Options {
    return (this.options[named] ??= this.pack(this.find(named, header)));
  }

  private pack(list: ReadonlyArray<{ code: number; added: string[]; ids: number[]; digits: number[] }>): Options {
    if (list.length === 0) return NONE;
    const data: number[] = [];
    for (const o of list) data.push(o.code, o.ids.length, o.added.indexOf(LOCALIZED), o.digits.length, ...o.ids, ...o.digits);
    return { count: list.length, data: new Int32Array(data), added: list.map((o) => o.added) };
  }

  private find(named: number, header: boolean): Array<{ code: number; added: string[]; ids: number[]; digits: number[] }> {
    const f = this.facts;
    const topWords = f.descriptionWords(named);
    const pool = f.pool(header ? named : f.categoryOf(named));
    // An option keeps every title word that may not go: start from the rarest of them.
    let candidates = pool.codes;
    for (const w of topWords) {
      if (DROPPABLE.has(w) || w === GENERALIZED) continue;
      const list = pool.byWord.get(w) ?? [];
      if (list.length < candidates.length) candidates = list;
    }
    const out: Array<{ code: number; added: string[]; ids: number[]; digits: number[] }> = [];
    next: for (const c of candidates) {
      if (c === named) continue;
      const cw = f.descriptionWords(c);
      for (const w of topWords) {
        if (!cw.has(w) && !DROPPABLE.has(w) && !(w === GENERALIZED && cw.has(LOCALIZED))) continue next;
      }
      const added = [...cw].filter((w) => !topWords.has(w) && !GLUE.has(w) && !FREE.has(w));
      if (added.length === 0) continue;
      // A sentence's words are lexicon words: an option adding any other word
      // (but "localized", which a site word says) can never be said.
      const ids = added.map((w) => f.vocabId(w));
      if (added.some((w, k) => ids[k] === -1 && w !== LOCALIZED)) continue;
      const digits: number[] = [];
      for (const d of added.filter((w) => DIGITS.test(w))) {
        const title = f.titleSequence(c);
        const i = title.indexOf(d);
        const before = i > 0 ? f.vocabId(title[i - 1] as string) : -1;
        if (before === -1) continue next;
        digits.push(before, f.vocabId(d));
      }
      out.push({ code: c, added, ids, digits });
    }
    return out;
  }
}
