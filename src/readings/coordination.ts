/**
 * Coordination ellipsis. Notes and trial criteria name several conditions that
 * share a head by writing the head once, after the last qualifier: "hepatic,
 * renal or cardiac impairment", "pleural or interstitial disease",
 * "alcohol/substance abuse", "left and right heart failure". The automaton
 * reads words in a row, so it finds only the last one ("cardiac impairment").
 *
 * For each qualifier before the conjunction, the words it would have been
 * followed by are put back: the qualifier, then the last conjunct's words after
 * its first ("renal" + "impairment"), run through the same automaton. A pattern
 * that starts at the qualifier and reaches into those words is a mention; its
 * span is the qualifier as written ("renal"), with the pattern's term ("renal
 * impairment") saying what it was read as. The word before the leftmost
 * qualifier, joined by a space or by "of" / "in", is shared by the whole list
 * when that makes a longer term: "chronic kidney and liver disease" is
 * chronic kidney disease; "impairment of renal or hepatic function" is renal
 * impairment and hepatic impairment, the last conjunct included.
 *
 * The other way round, a head after the conjunction shares the modifiers of
 * the first conjunct: "abdominal pain and distension" is also abdominal
 * distension, "acute cholecystitis and pancreatitis" acute pancreatitis.
 *
 * Qualifiers are single words separated by commas, slashes, "or", "and" or
 * "and/or". A word that a kept match already covers is not a qualifier of the
 * list: it has its own reading. The pattern must read the last conjunct to its
 * end (the kept match that starts it, else up to punctuation): in "a palpable
 * mass and positive renal Murphy sign", "mass renal" stops short, so "mass" is
 * not a renal mass.
 */
import { transition, type Automaton, type TokenMatch } from '../automaton/automaton.js';
import { functionWords } from '../text/function-words.js';
import { UNKNOWN, type TokenStream } from '../text/tokens.js';

/** A mention whose words the coordination shares out: the pattern, the characters it covers in the note, and its length in words. */
export interface ElidedMatch {
  pattern: number;
  start: number;
  end: number;
  tokens: number;
}

/** Qualifiers read before one conjunction, at most. */
const MAX_QUALIFIERS = 8;
/** Words of the last conjunct read after its first: enough for "... or cardiac function impairment". */
const MAX_TAIL = 4;
const COMMA = 44;
const SLASH = 47;
/** Between a list's shared word and its first qualifier: spaces, or a list-link word ("of", "in") between spaces (function-words.json). */
const PREFIX_GAP = new RegExp(`^\\s+(?:(?:${[...functionWords('list-link')].join('|')})\\s+)?$`, 'i');

export class Coordination {
  /** The rebuilt word sequence of one qualifier: the word before it, itself, the tail. */
  private readonly buffer = new Int32Array(2 + MAX_TAIL);
  private readonly tokensRead = new Read();

  /** `and` and `or`: the vocabulary ids of the two conjunctions (-1 when absent). */
  constructor(
    private readonly automaton: Automaton,
    private readonly and: number,
    private readonly or: number,
  ) {}

  /** Mentions the coordinations of the note share out (both directions); `matches` are the matches the review kept. */
  find(text: string, tokens: TokenStream, matches: readonly TokenMatch[]): ElidedMatch[] {
    const out: ElidedMatch[] = [];
    const { ids, count, starts, ends } = tokens;
    const and = this.and;
    const or = this.or;
    let read: Read | undefined;
    for (let k = 1; k < count; k++) {
      const id = ids[k] as number;
      // Most words are one space after the last: no conjunction, no slash.
      if (id !== and && id !== or && (starts[k] as number) - (ends[k - 1] as number) === 1 && text.charCodeAt(ends[k - 1] as number) !== SLASH) continue;
      let last: number; // first token of the last conjunct
      let before: number; // the qualifier just before the conjunction
      if (id === or || id === and) {
        last = k + 1;
        before = k - 1;
        // "and/or"
        if (id === or && ids[before] === and && gapIs(text, tokens, before, SLASH)) before--;
      } else if (id >= 0 && gapIs(text, tokens, k - 1, SLASH)) {
        last = k;
        before = k - 1;
      } else continue;
      read ??= this.tokensRead.fill(matches, count);
      if (id === or || id === and) {
        const m = this.sharedModifiers(text, tokens, k, read);
        if (m !== null) out.push(m);
      }
      if (last + 1 >= count || !this.isWord(ids[last] as number)) continue;
      const end = this.conjunctEnd(text, tokens, last, read);
      if (end - last < 2 || end - last > MAX_TAIL + 1) continue;
      let first = before;
      // A word no pattern knows ("endocrinologic") is still a member of the list: the walk goes past it.
      while (first > 0 && before - first < MAX_QUALIFIERS - 1 && this.isListWord(ids[first - 1] as number) && (gapIs(text, tokens, first - 1, COMMA) || gapIs(text, tokens, first - 1, SLASH))) first--;
      const prefix = this.sharedPrefix(text, tokens, first, read.covered);
      for (let q = first; q <= before; q++) {
        if (!this.isQualifier(text, tokens, q) || read.covered[q] === 1) continue;
        const m = this.read(tokens, q, last, end, prefix, q === first);
        if (m !== null) out.push(m);
      }
      // "impairment of renal or hepatic function": the last conjunct, unread alone, takes the shared word too.
      if (prefix >= 0 && read.covered[last] === 0) {
        const m = this.withPrefix(tokens, prefix, last, end);
        if (m !== null) out.push(m);
      }
    }
    return out;
  }

  /**
   * The other direction: the first conjunct's modifiers shared by a head
   * after the conjunction ("abdominal pain and distension": "abdominal
   * distension"; "acute cholecystitis and pancreatitis"). The kept match before the
   * conjunction at `k` lends its words but its last; the one word after it,
   * ending its phrase, takes them. A kept reading of that word alone ("pain")
   * is the shorter reading, which the mention replaces.
   */
  private sharedModifiers(text: string, tokens: TokenStream, k: number, read: Read): ElidedMatch | null {
    const ids = tokens.ids;
    const head = k + 1;
    const start = (read.startOf[k] as number) - 1;
    if (start < 0 || k - start < 2 || k - start > MAX_TAIL + 1 || head >= tokens.count || !this.isWord(ids[head] as number)) return null;
    // The head ends its phrase: the text, a sentence or a clause ends, or another conjunction follows.
    const next = head + 1;
    if (next < tokens.count && this.isWord(ids[next] as number) && gapIsPlain(text, tokens, head)) return null;
    const buf = this.buffer;
    let n = 0;
    for (let t = start; t < k - 1; t++) buf[n++] = ids[t] as number;
    buf[n++] = ids[head] as number;
    const pattern = this.wholeMatch(buf, 0, n);
    return pattern < 0 ? null : { pattern, start: tokens.starts[head] as number, end: tokens.ends[head] as number, tokens: n };
  }

  /**
   * Where the last conjunct's phrase ends: with the kept match that starts it
   * ("cardiac impairment"), else at the first punctuation or word that no
   * pattern reads ("orthopedic disease, ..."); `last` when that is not known.
   */
  private conjunctEnd(text: string, tokens: TokenStream, last: number, read: Read): number {
    const matched = read.endAt[last] as number;
    if (matched > last + 1) return matched;
    let end = last + 1;
    while (end < tokens.count && end - last <= MAX_TAIL + 1 && this.isWord(tokens.ids[end] as number) && gapIsPlain(text, tokens, end - 1)) end++;
    // A word no pattern knows goes on with the phrase ("positive renal Murphy sign"): its end is unknown.
    return end < tokens.count && tokens.ids[end] === UNKNOWN && gapIsPlain(text, tokens, end - 1) ? last : end;
  }

  /**
   * The word before the leftmost qualifier that the whole list shares, or -1:
   * free (no kept match), a qualifier itself, and joined to the list by spaces
   * or by "of" / "in" ("chronic kidney and liver disease", "impairment of
   * renal or hepatic function").
   */
  private sharedPrefix(text: string, tokens: TokenStream, first: number, covered: Uint8Array): number {
    const prev = first - 1;
    if (prev < 0 || covered[prev] === 1 || !this.isQualifier(text, tokens, prev)) return -1;
    const gap = text.slice(tokens.ends[prev] as number, tokens.starts[first] as number);
    return PREFIX_GAP.test(gap) ? prev : -1;
  }

  /**
   * The mention of qualifier `q` with the words of the last conjunct
   * `[last, end)` after its first, or null: a pattern that reads through to
   * `end`, with the list's shared word `prefix` before it when that reads.
   * The leftmost qualifier's span takes in the shared word; the others are
   * the qualifier as written.
   */
  private read(tokens: TokenStream, q: number, last: number, end: number, prefix: number, leftmost: boolean): ElidedMatch | null {
    const ids = tokens.ids;
    const tail = end - last - 1;
    const buf = this.buffer;
    for (let t = 0; t < tail; t++) buf[2 + t] = ids[last + 1 + t] as number;
    buf[1] = ids[q] as number;
    if (prefix >= 0) {
      buf[0] = ids[prefix] as number;
      const m = this.wholeMatch(buf, 0, 2 + tail);
      if (m >= 0) return { pattern: m, start: tokens.starts[leftmost ? prefix : q] as number, end: tokens.ends[q] as number, tokens: 2 + tail };
    }
    const m = this.wholeMatch(buf, 1, 2 + tail);
    return m < 0 ? null : { pattern: m, start: tokens.starts[q] as number, end: tokens.ends[q] as number, tokens: 1 + tail };
  }

  /** The last conjunct `[last, end)` read after the list's shared word, or null; its span is the conjunct. */
  private withPrefix(tokens: TokenStream, prefix: number, last: number, end: number): ElidedMatch | null {
    const n = end - last + 1;
    if (n > this.buffer.length) return null;
    const buf = this.buffer;
    buf[0] = tokens.ids[prefix] as number;
    for (let t = last; t < end; t++) buf[1 + t - last] = tokens.ids[t] as number;
    const m = this.wholeMatch(buf, 0, n);
    return m < 0 ? null : { pattern: m, start: tokens.starts[last] as number, end: tokens.ends[end - 1] as number, tokens: n };
  }

  /** The pattern that reads all of `buf[from, to)`, or -1: a walk from the root, no failure links. */
  private wholeMatch(buf: Int32Array, from: number, to: number): number {
    const a = this.automaton.arrays;
    let state = 0;
    for (let i = from; i < to; i++) {
      state = transition(a, state, buf[i] as number);
      if (state < 0) return -1;
    }
    return a.out[state] as number;
  }

  /** A word that can qualify a head: not a conjunction, not a verb's participle ("compressing and displacing the trachea"). */
  private isQualifier(text: string, tokens: TokenStream, i: number): boolean {
    if (!this.isWord(tokens.ids[i] as number)) return false;
    const end = tokens.ends[i] as number;
    return !(end - (tokens.starts[i] as number) > 5 && (text.charCodeAt(end - 3) | 32) === 105 && (text.charCodeAt(end - 2) | 32) === 110 && (text.charCodeAt(end - 1) | 32) === 103);
  }

  private isWord(id: number): boolean {
    return id >= 0 && id !== this.and && id !== this.or;
  }

  /** A member of a comma list: a word, known or not. */
  private isListWord(id: number): boolean {
    return id === UNKNOWN || this.isWord(id);
  }
}

/**
 * Whether the text between token `i` and the next is spaces around one `mark`
 * ("renal, hepatic", "alcohol/drug"); with `mark` -1, spaces only. Read by
 * character: the slash test runs at every word.
 */
function gapIs(text: string, tokens: TokenStream, i: number, mark: number): boolean {
  const from = tokens.ends[i] as number;
  const to = tokens.starts[i + 1] as number;
  let seen = mark < 0;
  if (to <= from) return false;
  for (let p = from; p < to; p++) {
    const c = text.charCodeAt(p);
    if (c === mark && !seen) seen = true;
    else if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return false;
  }
  return seen;
}

/** Whether the text between token `i` and the next belongs to one phrase: spaces and stopwords, no punctuation. */
function gapIsPlain(text: string, tokens: TokenStream, i: number): boolean {
  for (let p = tokens.ends[i] as number; p < (tokens.starts[i + 1] as number); p++) {
    const c = text.charCodeAt(p);
    if (c === 44 || c === 59 || c === 58 || c === 40 || c === 41 || c === 91 || c === 93 || c === SLASH) return false;
  }
  return true;
}

/**
 * Which tokens kept matches cover, and where the match starting at each token
 * ends (0: none). One per Coordination, grown as needed and cleared per note:
 * a fresh typed array per note costs more than the whole step.
 */
class Read {
  covered = new Uint8Array(0);
  endAt = new Int32Array(0);
  /** By end token: 1 + the start of the longest kept match ending there (0: none). */
  startOf = new Int32Array(0);

  fill(matches: readonly TokenMatch[], count: number): this {
    if (this.covered.length < count + 1) {
      this.covered = new Uint8Array(count * 2 + 1);
      this.endAt = new Int32Array(count * 2 + 1);
      this.startOf = new Int32Array(count * 2 + 1);
    } else {
      this.covered.fill(0, 0, count + 1);
      this.endAt.fill(0, 0, count + 1);
      this.startOf.fill(0, 0, count + 1);
    }
    const { covered, endAt, startOf } = this;
    for (let i = 0; i < matches.length; i++) {
      const m = matches[i] as TokenMatch;
      for (let t = m.start; t < m.end; t++) covered[t] = 1;
      if (m.end > (endAt[m.start] as number)) endAt[m.start] = m.end;
      const s = startOf[m.end] as number;
      if (s === 0 || m.start < s - 1) startOf[m.end] = m.start + 1;
    }
    return this;
  }
}
