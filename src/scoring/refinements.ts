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

export interface Option {
  code: number;
  /** The title words it adds (normalised), in title order. */
  added: string[];
  /** Their vocabulary ids. */
  ids: Int32Array;
  /** Index in `added` of LOCALIZED; -1: none. */
  local: number;
  /** Digits it adds, each with the title word before it ("stage 4"), as vocabulary id pairs (before, digit). */
  digits: Int32Array;
}

const NO_DIGITS = new Int32Array(0);

export class Refinements {
  /** Options by code index, filled on first use (at most one list per code of the lexicon). */
  private readonly options: Array<Option[] | undefined>;

  constructor(private readonly facts: CodeFacts) {
    this.options = new Array<Option[] | undefined>(facts.lx.parent.length);
  }

  /** The options of open code `named` (`header`: it is not billable). */
  of(named: number, header: boolean): Option[] {
    return (this.options[named] ??= this.find(named, header));
  }

  private find(named: number, header: boolean): Option[] {
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
    const out: Option[] = [];
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
      const ids = new Int32Array(added.map((w) => f.vocabId(w)));
      if (added.some((w, k) => ids[k] === -1 && w !== LOCALIZED)) continue;
      const digits: number[] = [];
      for (const d of added.filter((w) => DIGITS.test(w))) {
        const title = f.titleSequence(c);
        const i = title.indexOf(d);
        const before = i > 0 ? f.vocabId(title[i - 1] as string) : -1;
        if (before === -1) continue next;
        digits.push(before, f.vocabId(d));
      }
      out.push({ code: c, added, ids, local: added.indexOf(LOCALIZED), digits: digits.length === 0 ? NO_DIGITS : new Int32Array(digits) });
    }
    return out;
  }
}
