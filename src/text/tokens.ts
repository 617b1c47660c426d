/**
 * Text -> token ids with offsets (scan time) and term -> normalised words (build
 * time). Both go through scanRaw and normalizeWord, so they cannot disagree.
 */
import { dotJoinsDigits, isBoundaryChar, isInitialDot, isWordChar, lineBreakEnd, lineContinues, scanRaw, skipWordSuffix } from './tokenize.js';
import { normalizeWord, Shape, shapeOf } from './word.js';
import type { Vocabulary } from './vocabulary.js';
import { KNOWN_SKIP, NOT_LISTED, type KnownWords } from './known-words.js';

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

// Sentinel cache value for stopwords, which produce no token at all (as the known-words table writes it).
const SKIP = KNOWN_SKIP;
// The surface-form cache is cleared when it holds this many entries; notes reuse a
// small working vocabulary, so a clear is rare and cheap to recover from.
const CACHE_LIMIT = 200_000;
// Initial slot count of the cache table (a power of two); it doubles at half load.
const INITIAL_SLOTS = 1 << 12;

// ASCII character classes, derived from tokenize.ts's own predicates so the table
// cannot drift from them.
const WORD = 1;
const STOP = 2;
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  ASCII_CLASS[c] = (isWordChar(c) ? WORD : 0) | (isBoundaryChar(c) ? STOP : 0);
}

// 32-bit FNV-1a over UTF-16 units.
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

export interface TokenizerOptions {
  /**
   * The surface-word cache is emptied when it holds this many words (default
   * 200 000). Tests pass a tiny value to exercise clears.
   */
  cacheLimit?: number;
  /** The lexicon's spellings with their ids (known-words.ts), read before stemming a new word. */
  known?: KnownWords;
}

export class Tokenizer {
  private readonly cacheLimit: number;
  private readonly known: KnownWords | undefined;
  // Surface-word cache: open addressing, linear probing. A slot holds the word's
  // hash, its length (0: empty slot), the surface string and its id (or SKIP).
  // A lookup compares the stored surface with the text in place, so a hit slices
  // nothing and hashes no string (a Map<string, number> needed both per word).
  private mask = INITIAL_SLOTS - 1;
  private hashes = new Int32Array(INITIAL_SLOTS);
  private lengths = new Int32Array(INITIAL_SLOTS);
  private values = new Int32Array(INITIAL_SLOTS);
  private surfaces: string[] = new Array<string>(INITIAL_SLOTS).fill('');
  private size = 0;

  constructor(
    private readonly vocab: Vocabulary,
    options: TokenizerOptions = {},
  ) {
    this.cacheLimit = Math.max(1, options.cacheLimit ?? CACHE_LIMIT);
    this.known = options.known;
  }

  /**
   * Id of the word `text[start, end)`, absent from the cache: UNKNOWN, a vocabulary
   * id, or SKIP for a stopword. The one definition of a word's id, as termWords
   * computes it at build time.
   */
  private miss(text: string, start: number, end: number, hash: number): number {
    const surface = text.slice(start, end);
    const shape = shapeOf(surface);
    let id = shape === Shape.Plain && this.known !== undefined ? this.known.find(text, start, end) : NOT_LISTED;
    if (id === NOT_LISTED) {
      const norm = normalizeWord(surface.toLowerCase(), shape);
      id = norm === null ? SKIP : this.vocab.idOf(norm);
    }
    this.insert(hash, surface, id);
    return id;
  }

  /** Adds a word known to be absent. */
  private insert(hash: number, surface: string, id: number): void {
    if (this.size >= this.cacheLimit) this.reset(INITIAL_SLOTS);
    else if ((this.size + 1) * 2 > this.lengths.length) this.reset(this.lengths.length * 2);
    const { mask, lengths } = this;
    let slot = mix(hash) & mask;
    while ((lengths[slot] as number) !== 0) slot = (slot + 1) & mask;
    this.hashes[slot] = hash;
    lengths[slot] = surface.length;
    this.surfaces[slot] = surface;
    this.values[slot] = id;
    this.size++;
  }

  /** New table of `slots` slots; keeps the current entries unless the cache is full. */
  private reset(slots: number): void {
    const { hashes, lengths, values, surfaces } = this;
    const keep = this.size < this.cacheLimit;
    this.mask = slots - 1;
    this.hashes = new Int32Array(slots);
    this.lengths = new Int32Array(slots);
    this.values = new Int32Array(slots);
    this.surfaces = new Array<string>(slots).fill('');
    this.size = 0;
    if (!keep) return;
    for (let k = 0; k < lengths.length; k++) {
      if (lengths[k] !== 0) this.insert(hashes[k] as number, surfaces[k] as string, values[k] as number);
    }
  }

  tokenize(text: string): TokenStream {
    // Token arrays grow by doubling: there can be as many tokens as characters ("a.a.a.").
    let cap = Math.min(text.length, 1024);
    let ids: Int32Array = new Int32Array(cap);
    let starts: Int32Array = new Int32Array(cap);
    let ends: Int32Array = new Int32Array(cap);
    let count = 0;
    let { mask, hashes, lengths, values, surfaces } = this;
    // This is scanRaw (tokenize.ts) inlined, with the word's hash accumulated as
    // its characters are read; the rarer steps (digit dots, possessive and plural
    // suffixes, line breaks) call scanRaw's own helpers. Against scanRaw with
    // closures, text.slice and a Map<string, number> cache it tokenizes the 500
    // CodiEsp train notes 1.6-2.2x faster in CPU time (engine.detect without
    // context 1.3-1.7x; three interleaved A/B runs on a loaded 2-core machine). With the cache probe in
    // a method instead of inline the gain was nil. The property test in
    // test/text/fast-tokenizer.test.ts holds this loop to scanRaw's output.
    const n = text.length;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      // The token this step reads, if any: appended once, below.
      let tokenId: number;
      let tokenStart: number;
      let tokenEnd: number;
      if (c < 128 ? (ASCII_CLASS[c] as number) & WORD : isWordChar(c)) {
        const start = i;
        let hash = FNV_OFFSET;
        for (;;) {
          hash = Math.imul(hash ^ c, FNV_PRIME);
          i++;
          if (i >= n) break;
          c = text.charCodeAt(i);
          if (c < 128 ? (ASCII_CLASS[c] as number) & WORD : isWordChar(c)) continue;
          if (c === 46 && dotJoinsDigits(text, i)) {
            // Hash the dot here; the loop head hashes the digit after it.
            hash = Math.imul(hash ^ c, FNV_PRIME);
            i++;
            c = text.charCodeAt(i);
            continue;
          }
          break;
        }
        const end = i;
        i = skipWordSuffix(text, end);
        // Cache probe, inlined (a method call here cost as much as the Map it replaces).
        const len = end - start;
        let slot = mix(hash) & mask;
        let id: number;
        for (;;) {
          const l = lengths[slot] as number;
          if (l === len && hashes[slot] === hash && sameChars(surfaces[slot] as string, text, start, len)) {
            id = values[slot] as number;
            break;
          }
          if (l === 0) {
            id = this.miss(text, start, end, hash);
            // A miss may have grown or cleared the table.
            ({ mask, hashes, lengths, values, surfaces } = this);
            break;
          }
          slot = (slot + 1) & mask;
        }
        if (id === SKIP) continue;
        tokenId = id;
        tokenStart = start;
        tokenEnd = end;
      } else {
        let at = -1;
        if (c === 10 || c === 13) {
          const j = lineBreakEnd(text, i);
          if (!lineContinues(text, i, j)) at = i;
          i = j;
        } else {
          if ((c < 128 ? (ASCII_CLASS[c] as number) & STOP : isBoundaryChar(c)) && !(c === 46 && isInitialDot(text, i))) at = i;
          i++;
        }
        // Consecutive boundaries carry no extra information.
        if (at < 0 || (count > 0 && ids[count - 1] === BOUNDARY)) continue;
        tokenId = BOUNDARY;
        tokenStart = at;
        tokenEnd = at + 1;
      }
      if (count === cap) {
        cap = Math.max(16, cap * 2);
        ids = grow(ids, cap);
        starts = grow(starts, cap);
        ends = grow(ends, cap);
      }
      ids[count] = tokenId;
      starts[count] = tokenStart;
      ends[count] = tokenEnd;
      count++;
    }
    return { ids, starts, ends, count };
  }
}

function sameChars(s: string, text: string, start: number, len: number): boolean {
  for (let k = 0; k < len; k++) {
    if (s.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  }
  return true;
}

function grow(a: Int32Array, cap: number): Int32Array {
  const b = new Int32Array(cap);
  b.set(a);
  return b;
}

/** Spreads FNV-1a's weak high-to-low diffusion before the hash is masked to a slot. */
function mix(hash: number): number {
  return hash ^ (hash >>> 15);
}
