/**
 * Text -> token ids with offsets (scan time) and term -> normalised words (build
 * time). Both go through scanRaw and normalizeWord, so they cannot disagree.
 */
import { scanRaw } from './tokenize.js';
import { normalizeWord, shapeOf } from './word.js';
import type { Vocabulary } from './vocabulary.js';

/** Token id for a word not in the vocabulary: no pattern can run through it. */
export const UNKNOWN = -1;
/** Token id for a phrase boundary (sentence punctuation, line break). */
export const BOUNDARY = -2;

export interface TokenStream {
  /** Vocabulary ids, UNKNOWN or BOUNDARY. Stopwords are not tokens. */
  ids: Int32Array;
  /** UTF-16 offsets into the original text; a boundary has start === end - 1 at its character. */
  starts: Int32Array;
  ends: Int32Array;
  count: number;
}

/**
 * Normalised words of a term, stopwords and punctuation removed. A compile run
 * passes one `cache` for all terms: the release repeats a small vocabulary
 * hundreds of thousands of times, and stemming dominates the build otherwise.
 */
export function termWords(term: string, cache?: Map<string, string | null>): string[] {
  const out: string[] = [];
  scanRaw(
    term,
    (s, e) => {
      const surface = term.slice(s, e);
      let w = cache?.get(surface);
      if (w === undefined) {
        w = normalizeWord(surface.toLowerCase(), shapeOf(surface));
        cache?.set(surface, w);
      }
      if (w !== null) out.push(w);
    },
    () => {},
  );
  return out;
}

// Sentinel cache value for stopwords, which produce no token at all.
const SKIP = -3;
// The surface-form cache is cleared when it grows past this many entries; notes
// reuse a small working vocabulary, so a clear is rare and cheap to recover from.
const CACHE_LIMIT = 200_000;

export class Tokenizer {
  private readonly cache = new Map<string, number>();

  constructor(private readonly vocab: Vocabulary) {}

  /** Id of a surface word (any case), UNKNOWN, or SKIP for a stopword. */
  private idOfSurface(surface: string): number {
    let id = this.cache.get(surface);
    if (id !== undefined) return id;
    const norm = normalizeWord(surface.toLowerCase(), shapeOf(surface));
    id = norm === null ? SKIP : this.vocab.idOf(norm);
    this.remember(surface, id);
    return id;
  }

  private remember(key: string, id: number): void {
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, id);
  }

  tokenize(text: string): TokenStream {
    // Upper bound: every other character starts a token.
    let cap = Math.min(text.length, 1024);
    let ids = new Int32Array(cap);
    let starts = new Int32Array(cap);
    let ends = new Int32Array(cap);
    let count = 0;
    const push = (id: number, s: number, e: number): void => {
      if (count === cap) {
        cap = Math.max(16, cap * 2);
        const ni = new Int32Array(cap);
        ni.set(ids);
        ids = ni;
        const ns = new Int32Array(cap);
        ns.set(starts);
        starts = ns;
        const ne = new Int32Array(cap);
        ne.set(ends);
        ends = ne;
      }
      ids[count] = id;
      starts[count] = s;
      ends[count] = e;
      count++;
    };
    scanRaw(
      text,
      (s, e) => {
        const id = this.idOfSurface(text.slice(s, e));
        if (id !== SKIP) push(id, s, e);
      },
      (at) => {
        // Consecutive boundaries carry no extra information.
        if (count > 0 && ids[count - 1] === BOUNDARY) return;
        push(BOUNDARY, at, at + 1);
      },
    );
    return { ids, starts, ends, count };
  }
}
