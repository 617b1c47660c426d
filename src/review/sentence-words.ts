/**
 * The sentences of a note and the words in them, for the span review
 * (refine.ts). Sentences are the note's (note.ts), segmented once for the
 * review and for ConText, so both read the same ones.
 *
 * Words come from the engine's token stream: the tokenizer has normalised them
 * already, and every word a title can add is a lexicon word (titles are
 * compiled terms), so unknown words and context-rule words are skipped. A word
 * is its vocabulary id.
 *
 * Cost: a span's sentence is looked up by token; the spans after it that lie
 * in the same sentence reuse it. Its words are marked in a table indexed by
 * word id (a stamp per sentence, so nothing is cleared or allocated). The
 * note's words are marked the same way, once per note, so that a span whose
 * refinements need words the note never says skips its sentence altogether.
 */
import { lowerBound } from '../context/bounds.js';
import { sentenceEndToken, sentenceFirstToken } from '../context/sentences.js';
import type { NoteText } from '../note.js';
import { BOUNDARY, UNKNOWN, type TokenStream } from '../text/tokens.js';

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
  return lowerBound(values, count, at, lo);
}

/**
 * The words of one note's sentences, one sentence at a time. One reader per
 * lexicon, reused for every note: `read` a note, then `select` the sentence of
 * each span and ask about its words.
 */
export class SentenceWords {
  private note: NoteText | undefined;
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
  /** Whether the selected sentence has no end inside it (then any span within it has it for sentence). */
  private whole = false;
  /** stamps[id] === serial: word id is in the selected sentence. */
  private readonly stamps: Int32Array;
  private serial = 0;
  /** noteStamps[id] === noteSerial: word id is in the note (filled on first use). */
  private readonly noteStamps: Int32Array;
  private noteSerial = 0;
  private noteRead = false;
  private noteSite = false;

  /**
   * @param lexiconSize ids at or above it are context-rule words, not lexicon words
   * @param siteIds 1 for the ids of body-site words (see refine.ts)
   */
  constructor(
    private readonly lexiconSize: number,
    private readonly siteIds: Uint8Array,
  ) {
    this.stamps = new Int32Array(lexiconSize);
    this.noteStamps = new Int32Array(lexiconSize);
  }

  /** Whether the reader is reading `note`. */
  reads(note: NoteText): boolean {
    return this.note === note;
  }

  /** Starts on a note. */
  read(note: NoteText): void {
    this.note = note;
    this.text = note.text;
    this.tokens = note.tokens;
    this.count = Math.min(note.tokens.count, note.tokens.ids.length);
    this.end = -1;
    this.whole = false;
    this.tokenHint = 0;
    this.noteRead = false;
  }

  /** Whether the note has word `id` anywhere: a test that spares finding a sentence. */
  inNote(id: number): boolean {
    if (!this.noteRead) this.readNote();
    return id >= 0 && this.noteStamps[id] === this.noteSerial;
  }

  /** Whether the note has a body-site word anywhere. */
  noteHasSite(): boolean {
    if (!this.noteRead) this.readNote();
    return this.noteSite;
  }

  private readNote(): void {
    const tokens = this.tokens as TokenStream;
    if (this.noteSerial === 0x7fffffff) {
      this.noteStamps.fill(0);
      this.noteSerial = 0;
    }
    const serial = ++this.noteSerial;
    let site = false;
    for (let i = 0; i < this.count; i++) {
      const id = tokens.ids[i] as number;
      if (!this.isWord(id)) continue;
      this.noteStamps[id] = serial;
      if (this.siteIds[id] === 1) site = true;
    }
    this.noteSite = site;
    this.noteRead = true;
  }

  /** Index of the first token that starts at or after `at`. */
  private firstTokenFrom(at: number): number {
    return (this.tokenHint = seek((this.tokens as TokenStream).starts, this.count, at, this.tokenHint));
  }

  private isWord(id: number): boolean {
    return id >= 0 && id < this.lexiconSize;
  }

  /** Selects the sentence around `[start, end)`: the sentences of its first and last tokens, and all between. */
  select(start: number, end: number): void {
    // Spans of one sentence come one after another: within a selected sentence
    // that no end cuts, the sentence is known without looking it up again.
    if (this.whole && this.start <= start && end <= this.end) return;
    const tokens = this.tokens as TokenStream;
    if (this.count === 0) return;
    const seg = (this.note as NoteText).sentences;
    const first = Math.min(this.firstTokenFrom(start), this.count - 1);
    const last = Math.max(first, this.firstTokenFrom(end) - 1);
    this.whole = seg.of[first] === seg.of[last];
    const from = sentenceFirstToken(seg, first);
    const to = sentenceEndToken(seg, this.count, last);
    if (from === this.from && to === this.to && this.end >= 0) return;
    this.from = from;
    this.to = to;
    this.start = tokens.starts[from] as number;
    this.end = tokens.ends[to - 1] as number;
    if (this.serial === 0x7fffffff) {
      this.stamps.fill(0);
      this.serial = 0;
    }
    const serial = ++this.serial;
    for (let i = from; i < to; i++) {
      const id = tokens.ids[i] as number;
      if (this.isWord(id)) this.stamps[id] = serial;
    }
  }

  /** The word ids of the selected sentence's tokens, in text order (anything but a lexicon word is negative or beyond it). */
  sentenceIds(): Int32Array {
    return (this.tokens as TokenStream).ids.subarray(this.from, this.to);
  }

  /** Whether the selected sentence has word `id`. */
  has(id: number): boolean {
    return id >= 0 && this.stamps[id] === this.serial;
  }

  /** Characters from `mid` to the nearest occurrence of word `id` in the sentence (Infinity: none). */
  nearest(id: number, mid: number): number {
    const at = this.nearestStart(id, mid);
    return at < 0 ? Infinity : Math.abs(at - mid);
  }

  /** Whether word `id` occurs in the selected sentence starting within `[from, to]` of the note. */
  occursWithin(id: number, from: number, to: number): boolean {
    if (!this.has(id)) return false;
    const tokens = this.tokens as TokenStream;
    for (let i = this.from; i < this.to; i++) {
      const at = tokens.starts[i] as number;
      if (tokens.ids[i] === id && at >= from && at <= to) return true;
    }
    return false;
  }

  /** Where the occurrence of word `id` nearest to `mid` starts in the note, or -1 when the sentence has none. */
  nearestStart(id: number, mid: number): number {
    return this.nearestStartWithin(id, mid, Infinity);
  }

  /**
   * nearestStart among the occurrences that start within `reach` characters of
   * `mid` (-1: none there): the same answer whenever the nearest occurrence is
   * that close, for a look at the few tokens around `mid`.
   */
  nearestStartWithin(id: number, mid: number, reach: number): number {
    if (!this.has(id)) return -1;
    const tokens = this.tokens as TokenStream;
    let best = Infinity;
    let at = -1;
    const first = reach === Infinity ? this.from : Math.max(this.from, lowerBound(tokens.starts, this.count, mid - reach, 0));
    for (let i = first; i < this.to; i++) {
      const start = tokens.starts[i] as number;
      if (start > mid + reach) break;
      if (tokens.ids[i] !== id) continue;
      const d = Math.abs(start - mid);
      if (d < best) {
        best = d;
        at = start;
      }
    }
    return at;
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
