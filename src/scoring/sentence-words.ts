/**
 * The sentences of a note and the words in them, for the span review
 * (refine.ts) and the abbreviation resolver. Sentences are the context
 * engine's (isSentenceEnd), so the review and ConText read the same ones.
 *
 * Words come from the engine's token stream: the tokenizer has normalised them
 * already, and every word a title can add is a lexicon word (titles are
 * compiled terms), so unknown words and context-rule words are skipped. A word
 * is its vocabulary id.
 *
 * Cost: a note's sentence ends are found in one pass over its text, the first
 * time a span asks; a span's sentence is then two binary searches. A sentence's
 * words are marked in a table indexed by word id (a stamp per sentence, so
 * nothing is cleared or allocated) when the first span of that sentence asks;
 * the spans after it in the same sentence reuse the marks.
 */
import { isSentenceEnd } from '../context/sentences.js';
import { isBoundaryChar } from '../text/tokenize.js';
import { BOUNDARY, UNKNOWN, type TokenStream } from '../text/tokens.js';

// Only phrase boundaries of the tokenizer and line breaks can end a sentence;
// a table spares the per-character tests in the loop below.
const MAY_END = new Uint8Array(128);
for (let c = 0; c < 128; c++) MAY_END[c] = c === 10 || c === 13 || isBoundaryChar(c) ? 1 : 0;

/** Appends to `out` (from `count` on) the sentence ends in `text[from, to)`; returns the new count. */
function scanEnds(text: string, from: number, to: number, out: { ends: Int32Array }, count: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c < 128 ? MAY_END[c] === 1 : isBoundaryChar(c)) && isSentenceEnd(text, i)) {
      if (count === out.ends.length) {
        const grown = new Int32Array(out.ends.length * 2);
        grown.set(out.ends);
        out.ends = grown;
      }
      out.ends[count++] = i;
    }
  }
  return count;
}

/**
 * Finds the sentence ends of `text` into `out.ends` (grown as needed) and
 * returns how many there are. With `tokens`, `text`'s token stream, only the
 * text between words is read: a word holds no sentence end (its one
 * non-letter, a dot between digits, is a decimal point), and words are most of
 * a note's characters.
 */
export function findSentenceEnds(text: string, out: { ends: Int32Array }, tokens?: TokenStream): number {
  if (tokens === undefined) return scanEnds(text, 0, text.length, out, 0);
  let count = 0;
  let at = 0;
  const n = Math.min(tokens.count, tokens.ids.length);
  for (let i = 0; i < n; i++) {
    if (tokens.ids[i] === BOUNDARY) continue;
    const start = tokens.starts[i] as number;
    if (start > at) count = scanEnds(text, at, start, out, count);
    at = tokens.ends[i] as number;
  }
  return scanEnds(text, at, text.length, out, count);
}

/**
 * Index of the first of the `count` sorted `values` at or above `at`. The
 * search starts at `hint`, the previous answer, when every value before it is
 * below `at`: spans are reviewed in text order, so the answer is usually a few
 * steps on and a binary search over the whole note is the exception.
 */
function seek(values: Int32Array, count: number, at: number, hint: number): number {
  let lo = 0;
  if (hint <= count && (hint === 0 || (values[hint - 1] as number) < at)) {
    const stop = Math.min(count, hint + 8);
    for (lo = hint; lo < stop; lo++) if ((values[lo] as number) >= at) return lo;
  }
  let hi = count;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if ((values[m] as number) < at) lo = m + 1;
    else hi = m;
  }
  return lo;
}

// The sentence ends of the text read last. Spans of one note ask one after
// another, so one text is enough; the buffer is reused across notes.
let endsText: string | undefined;
const found = { ends: new Int32Array(256) };
let endCount = 0;
let endsHint = 0;

function readEnds(text: string, tokens?: TokenStream): void {
  if (text === endsText) return;
  endCount = findSentenceEnds(text, found, tokens);
  endsText = text;
  endsHint = 0;
}

/** Number of sentence ends below `at`. */
function endsBelow(at: number): number {
  return (endsHint = seek(found.ends, endCount, at, endsHint));
}

/** Start of the sentence holding `start`: just after the last sentence end before it. */
function sentenceStart(text: string, start: number, tokens?: TokenStream): number {
  readEnds(text, tokens);
  const k = endsBelow(start);
  return k === 0 ? 0 : (found.ends[k - 1] as number) + 1;
}

/** End of the sentence holding `end`: the first sentence end at or after it (exclusive). */
function sentenceEnd(text: string, end: number): number {
  readEnds(text);
  const k = endsBelow(end);
  return k === endCount ? text.length : (found.ends[k] as number);
}

/** The sentence around `[start, end)`: from just after the previous sentence end to the next one. */
export function sentenceOf(text: string, start: number, end: number): { start: number; end: number } {
  return { start: sentenceStart(text, start), end: sentenceEnd(text, end) };
}

/**
 * The words of one note's sentences, one sentence at a time. One reader per
 * lexicon, reused for every note: `read` a note, then `select` the sentence of
 * each span and ask about its words.
 */
export class SentenceWords {
  private text: string | undefined;
  private tokens: TokenStream | undefined;
  private count = 0;
  /** Where the last token search ended (see seek). */
  private tokenHint = 0;
  /** The selected sentence, `[start, end)`, and its tokens `[from, to)`. */
  start = 0;
  end = -1;
  private from = 0;
  private to = 0;
  /** stamps[id] === serial: word id is in the selected sentence. */
  private readonly stamps: Int32Array;
  private serial = 0;

  /**
   * @param lexiconSize ids at or above it are context-rule words, not lexicon words
   * @param siteIds 1 for the ids of body-site words (see refine.ts)
   */
  constructor(
    private readonly lexiconSize: number,
    private readonly siteIds: Uint8Array,
  ) {
    this.stamps = new Int32Array(lexiconSize);
  }

  /** Whether the reader is reading `text` through `tokens`. */
  reads(text: string, tokens: TokenStream): boolean {
    return this.tokens === tokens && this.text === text;
  }

  /** Starts on a note: `tokens` is `text`'s token stream. */
  read(text: string, tokens: TokenStream): void {
    this.text = text;
    this.tokens = tokens;
    this.count = Math.min(tokens.count, tokens.ids.length);
    this.end = -1;
    this.tokenHint = 0;
  }

  /** Index of the first token that starts at or after `at`. */
  private firstTokenFrom(at: number): number {
    return (this.tokenHint = seek((this.tokens as TokenStream).starts, this.count, at, this.tokenHint));
  }

  private isWord(id: number): boolean {
    return id >= 0 && id < this.lexiconSize;
  }

  /** Selects the sentence around `[start, end)`. */
  select(start: number, end: number): void {
    const text = this.text as string;
    const tokens = this.tokens as TokenStream;
    const s = sentenceStart(text, start, tokens);
    const e = sentenceEnd(text, end);
    if (s === this.start && e === this.end) return;
    this.start = s;
    this.end = e;
    this.from = this.firstTokenFrom(s);
    if (this.serial === 0x7fffffff) {
      this.stamps.fill(0);
      this.serial = 0;
    }
    const serial = ++this.serial;
    let i = this.from;
    for (; i < this.count && (tokens.starts[i] as number) < e; i++) {
      const id = tokens.ids[i] as number;
      if (this.isWord(id)) this.stamps[id] = serial;
    }
    this.to = i;
  }

  /** Whether the selected sentence has word `id`. */
  has(id: number): boolean {
    return id >= 0 && this.stamps[id] === this.serial;
  }

  /** Characters from `mid` to the nearest occurrence of word `id` in the sentence (Infinity: none). */
  nearest(id: number, mid: number): number {
    if (!this.has(id)) return Infinity;
    const tokens = this.tokens as TokenStream;
    let best = Infinity;
    for (let i = this.from; i < this.to; i++) {
      if (tokens.ids[i] === id) best = Math.min(best, Math.abs((tokens.starts[i] as number) - mid));
    }
    return best;
  }

  /** Characters from `mid` to the nearest body-site word in the sentence (Infinity: none). */
  nearestSite(mid: number): number {
    const tokens = this.tokens as TokenStream;
    let best = Infinity;
    for (let i = this.from; i < this.to; i++) {
      const id = tokens.ids[i] as number;
      if (this.isWord(id) && this.siteIds[id] === 1) best = Math.min(best, Math.abs((tokens.starts[i] as number) - mid));
    }
    return best;
  }

  /**
   * Whether word `second` follows word `first` somewhere in the sentence.
   * Punctuation between them does not separate them; any word does, a word
   * outside the lexicon included ("stage unknown, 4 mg" does not say stage 4).
   */
  adjacent(first: number, second: number): boolean {
    const tokens = this.tokens as TokenStream;
    let prev = UNKNOWN;
    for (let i = this.from; i < this.to; i++) {
      const id = tokens.ids[i] as number;
      if (id === BOUNDARY) continue;
      if (id === second && prev === first) return true;
      prev = id;
    }
    return false;
  }

  /** The selected sentence's text. */
  sentenceText(): string {
    return (this.text as string).slice(this.start, this.end);
  }

  /** Lexicon words that start in `[start, end)` of the note. */
  countWords(start: number, end: number): number {
    const tokens = this.tokens as TokenStream;
    let n = 0;
    for (let i = this.firstTokenFrom(start); i < this.count && (tokens.starts[i] as number) < end; i++) {
      if (this.isWord(tokens.ids[i] as number)) n++;
    }
    return n;
  }
}
