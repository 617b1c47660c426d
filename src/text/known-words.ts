/**
 * The words of the lexicon's terms as they are written, with the token id
 * each one reads as: the tokenizer's first look at a word it has not met
 * before (tokens.ts), so that the words of the terms are not stemmed again in
 * every process. Stemming them on first meeting cost a fresh engine about a
 * sixth of its first megabyte of notes.
 *
 * Built at build time (lexicon/compile.ts) into three artifact sections: the
 * lower-case ASCII spellings, sorted, as one UTF-8 string table, and per
 * spelling its vocabulary id, or SKIP for a stopword. A spelling is listed
 * only when its reading is fixed by the lexicon alone: written in lower case
 * or with capitals that do not make it an acronym (Shape.Plain), and read as
 * a lexicon word or a stopword. A word read as a context-rule word (whose id
 * the engine's vocabulary gives at load) is left to normaliseWord, as is
 * every word not listed.
 */
import { normalizeWord, Shape, shapeOf } from './word.js';

/** Token id of a stopword in the table (tokens.ts skips it). */
export const KNOWN_SKIP = -3;
/** `find`'s answer for a word the table does not list. */
export const NOT_LISTED = -4;

export interface KnownWordArrays {
  bytes: Uint8Array;
  offsets: Uint32Array;
  ids: Int32Array;
}

export class KnownWords {
  constructor(private readonly a: KnownWordArrays) {}

  /**
   * The id of `text[start, end)` when the table lists it (compared with ASCII
   * letters folded to lower case), else NOT_LISTED. The caller has checked the
   * word's shape is Shape.Plain.
   */
  find(text: string, start: number, end: number): number {
    const { bytes, offsets, ids } = this.a;
    let lo = 0;
    let hi = ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      let b = offsets[mid] as number;
      const stop = offsets[mid + 1] as number;
      let k = start;
      let cmp = 0;
      for (;;) {
        if (k === end || b === stop) {
          cmp = (k === end ? 0 : 1) - (b === stop ? 0 : 1);
          break;
        }
        let c = text.charCodeAt(k++);
        if (c >= 65 && c <= 90) c |= 32;
        const d = c - (bytes[b++] as number);
        if (d !== 0) {
          cmp = d;
          break;
        }
      }
      if (cmp === 0) return ids[mid] as number;
      if (cmp < 0) hi = mid - 1;
      else lo = mid + 1;
    }
    return NOT_LISTED;
  }

  /**
   * The spellings of a build's words with their ids, sorted (`cache`:
   * spelling as written -> normalised word or null, termWords' cache), where
   * `wordId` gives a normalised word's vocabulary id or -1. The compiler packs
   * them into the sections (lexicon/compile.ts).
   */
  static listing(cache: ReadonlyMap<string, string | null>, wordId: (word: string) => number): { words: string[]; ids: Int32Array } {
    const listed = new Map<string, number>();
    for (const surface of cache.keys()) {
      if (shapeOf(surface) !== Shape.Plain || !/^[\x20-\x7e]+$/.test(surface)) continue;
      const lower = surface.toLowerCase();
      if (listed.has(lower)) continue;
      // The tokenizer's reading of the word, as tokens.ts computes it on a miss.
      const norm = normalizeWord(lower, Shape.Plain);
      const id = norm === null ? KNOWN_SKIP : wordId(norm);
      if (id !== -1) listed.set(lower, id);
    }
    const words = [...listed.keys()].sort();
    return { words, ids: Int32Array.from(words, (w) => listed.get(w) as number) };
  }
}
