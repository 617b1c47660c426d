/**
 * Sentence ends for clinical text, decided at the tokenizer's boundary tokens.
 * The tokenizer already makes every '.', '!', '?', ';', ':', '|', bullet and hard
 * line break a boundary (no term matches across one); a context scope is wider
 * than a term, so here we decide which boundaries also end a sentence:
 *
 * - line breaks, '!', '?', '|' and bullets end a sentence (lists and headers
 *   without punctuation are one item per line);
 * - ':' does not ("Dx: pneumonia", "Pneumonia: none"), nor does ';': a clause
 *   after them still belongs to the sentence's triggers;
 * - brackets are not boundaries for the tokenizer, but a list number "2)" starts
 *   a new item: the engine checks number tokens followed by ')' with
 *   `isListNumberAt` (one character read per token);
 * - '.' ends a sentence unless it belongs to an abbreviation: a letter or a
 *   lower-case word follows it ("e.g. pneumonia", "b.i.d. with meals"), a comma
 *   or colon follows it ("e.g., CHF"), or the word before is a title or a word
 *   that never ends a sentence ("Dr.", "Mrs.", "vs.", "approx.").
 * A boundary that does not end a sentence still ends it when the tokenizer's line
 * rule would have: a line break follows and the next line does not continue in
 * lower case (the tokenizer collapses consecutive boundaries into the first).
 *
 * A line break into a lower-case line is read by the tokenizer as a hard wrap,
 * which keeps terms whole in wrapped prose. For a context scope that is too
 * generous: lists written one item per line in lower case (eligibility criteria,
 * problem lists) would let "do not speak English" negate the items below it.
 * When the caller gives the line widths (`isSentenceEnd`'s third argument,
 * `isWrap`), such a break continues the sentence only where it can be a wrap:
 * the line before ends in a word or mark that cannot end a phrase ("or", "of",
 * ",", ":"), or the next line's first word would not have fitted on it at the
 * width of its paragraph's longest line (a wrapping editor breaks a line only
 * then). The paragraph (lines between blank lines) rather than the whole text,
 * so that text elsewhere does not change how a line is read.
 *
 * All checks read a few characters around the boundary: no allocation, no regex.
 * `isWrap` reads back one line; `paragraphWidths` reads each paragraph with a
 * line break into a lower-case line once more.
 */

import { isBlank } from '../text/tokenize.js';
import { BOUNDARY, type TokenStream } from '../text/tokens.js';
import { lowerBound } from './bounds.js';

const LF = 10;
const CR = 13;

function isLower(c: number): boolean {
  return c >= 97 && c <= 122;
}

function isUpper(c: number): boolean {
  return c >= 65 && c <= 90;
}

function isLetter(c: number): boolean {
  return isLower(c) || isUpper(c);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Words after which a period does not end a sentence: titles and "vs."/"approx.".
 * Lower case; compared without allocating.
 */
const NON_FINAL = ['dr', 'drs', 'mr', 'mrs', 'ms', 'prof', 'st', 'vs', 'approx', 'fig', 'cf'];

function wordBeforeIsNonFinal(text: string, dot: number): boolean {
  let s = dot;
  while (s > 0 && isLetter(text.charCodeAt(s - 1)) && dot - s < 7) s--;
  const len = dot - s;
  if (len === 0 || len > 6) return false;
  if (s > 0 && isDigit(text.charCodeAt(s - 1))) return false;
  for (const w of NON_FINAL) {
    if (w.length !== len) continue;
    let k = 0;
    while (k < len && (text.charCodeAt(s + k) | 32) === w.charCodeAt(k)) k++;
    if (k === len) return true;
  }
  return false;
}

/**
 * After the boundary character at `at`: does a line break follow that the
 * tokenizer would treat as a boundary (next line not continuing in lower case,
 * or a blank line between), or, given the line width, one that is no wrap?
 * Only blanks and punctuation may come between.
 */
function lineBreakFollows(text: string, at: number, width: LineWidth | undefined): boolean {
  const n = text.length;
  let k = at + 1;
  let breaks = 0;
  let first = -1;
  for (; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) {
      if (first < 0) first = k;
      if (c === LF || k + 1 >= n || text.charCodeAt(k + 1) !== LF) breaks++;
    } else if (isBlank(c)) continue;
    else break;
  }
  if (breaks === 0) return false;
  if (k >= n) return true;
  if (breaks > 1 || !isLower(text.charCodeAt(k))) return true;
  return width !== undefined && !isWrap(text, first, width(first));
}

/**
 * The width the text around a line break is written at: `width(at)` for the CR
 * or LF at `at`. See `paragraphWidths`; a constant function does for a test.
 */
export type LineWidth = (at: number) => number;

/**
 * True when the boundary character at `at` ends a sentence. With `width`, a line
 * break into a lower-case line ends it too unless it can be a hard wrap (see
 * `isWrap`); without, such a break never does (the tokenizer's line rule).
 */
export function isSentenceEnd(text: string, at: number, width?: LineWidth): boolean {
  const c = text.charCodeAt(at);
  switch (c) {
    case LF:
    case CR:
    case 33: // !
    case 63: // ?
    case 124: // |
    case 0x2022: // bullet
      return true;
    case 46: // .
      return periodEndsSentence(text, at, width);
    case 41: // ')' after a list number: "1) CHF 2) COPD"
      if (isListNumber(text, at)) return true;
      return lineBreakFollows(text, at, width);
    default:
      // ':' ';' '(' '[' ']' '{' '}'
      return lineBreakFollows(text, at, width);
  }
}

function periodEndsSentence(text: string, at: number, width: LineWidth | undefined): boolean {
  const n = text.length;
  if (at + 1 >= n) return true;
  const next = text.charCodeAt(at + 1);
  // "11.5": a decimal point (the tokenizer keeps it inside the number).
  if (at > 0 && isDigit(next) && isDigit(text.charCodeAt(at - 1))) return false;
  // "e.g", "a.m", "U.S": a word character right after the dot.
  if (isLetter(next)) return false;
  // Look at the first character after the blanks.
  let k = at + 1;
  while (k < n && isBlank(text.charCodeAt(k))) k++;
  if (k >= n) return true;
  const q = text.charCodeAt(k);
  if (q === LF || q === CR) return lineBreakFollows(text, at, width);
  if (isLower(q)) return false;
  if (q === 44 || q === 58 || q === 59) return false; // , : ;
  return !wordBeforeIsNonFinal(text, at);
}

/** ')' at `at` closes a list number at the start of a line or after blanks: " 2) ". */
export function isListNumberAt(text: string, at: number): boolean {
  return text.charCodeAt(at) === 41 && isListNumber(text, at);
}

function isListNumber(text: string, at: number): boolean {
  let s = at;
  while (s > 0 && isDigit(text.charCodeAt(s - 1)) && at - s < 3) s--;
  if (s === at) return false;
  if (s === 0) return true;
  const b = text.charCodeAt(s - 1);
  return isBlank(b) || b === LF || b === CR;
}

/**
 * Words that cannot end a phrase: a line that ends in one goes on in the next.
 * Conjunctions, prepositions, articles, auxiliaries and determiners; lower case.
 */
const CONTINUING_WORDS = new Set([
  'and', 'or', 'nor', 'but', 'of', 'with', 'without', 'to', 'for', 'in', 'into', 'on', 'at', 'by', 'from', 'as', 'than',
  'per', 'via', 'vs', 'versus', 'the', 'a', 'an', 'no', 'not', 'is', 'are', 'was', 'were', 'be', 'been', 'has', 'have',
  'had', 'that', 'which', 'who', 'whose', 'including', 'such', 'if', 'any', 'all', 'both', 'either', 'neither', 'his',
  'her', 'their', 'its', 'this', 'these', 'those',
]);

/** Marks that cannot end a phrase: ',' ':' '-' '/' '(' '&' '+'. */
function isContinuingMark(c: number): boolean {
  return c === 44 || c === 58 || c === 45 || c === 47 || c === 40 || c === 38 || c === 43;
}

/** Letters, digits and non-ASCII letters: what a word is made of, for measuring one. */
function isWordCode(c: number): boolean {
  return isLetter(c) || isDigit(c) || c >= 0xc0;
}

/**
 * Length of the longest line of `text[from..to)` in UTF-16 units, trailing
 * blanks left out.
 */
export function longestLine(text: string, from = 0, to = text.length): number {
  let best = 0;
  let start = from;
  let last = from; // just after the last non-blank character of the current line
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) {
      if (last - start > best) best = last - start;
      start = k + 1;
      last = start;
    } else if (!isBlank(c)) {
      last = k + 1;
    }
  }
  return Math.max(best, last - start);
}

function isBreak(c: number): boolean {
  return c === LF || c === CR;
}

function lineStartOf(text: string, i: number): number {
  while (i > 0 && !isBreak(text.charCodeAt(i - 1))) i--;
  return i;
}

function lineEndOf(text: string, i: number): number {
  while (i < text.length && !isBreak(text.charCodeAt(i))) i++;
  return i;
}

function isBlankRange(text: string, from: number, to: number): boolean {
  for (let k = from; k < to; k++) if (!isBlank(text.charCodeAt(k))) return false;
  return true;
}

/** Start of the line after the break at `e` (CR LF is one break). */
function afterBreak(text: string, e: number): number {
  return text.charCodeAt(e) === CR && text.charCodeAt(e + 1) === LF ? e + 2 : e + 1;
}

/**
 * Widths of the paragraphs of `text` (runs of lines between blank lines), each
 * measured on first use. Breaks must be asked for in text order for the cache of
 * the last paragraph to spare rereading; any order gives the same answers.
 */
export function paragraphWidths(text: string): LineWidth {
  let from = -1;
  let to = -1;
  let width = 0;
  return (at: number): number => {
    if (at >= from && at < to) return width;
    let s = lineStartOf(text, at);
    while (s > 0) {
      const prevEnd = text.charCodeAt(s - 1) === LF && text.charCodeAt(s - 2) === CR ? s - 2 : s - 1;
      const ps = lineStartOf(text, prevEnd);
      if (isBlankRange(text, ps, prevEnd)) break;
      s = ps;
    }
    let e = lineEndOf(text, at);
    while (e < text.length) {
      const ns = afterBreak(text, e);
      const ne = lineEndOf(text, ns);
      if (isBlankRange(text, ns, ne)) break;
      e = ne;
    }
    from = s;
    to = Math.max(e, at + 1);
    width = longestLine(text, s, e);
    return width;
  };
}

/**
 * Can the line break at `at` (a CR or LF) be a hard wrap of prose written at
 * `width` characters a line? Yes when the line before ends in a word or mark that
 * cannot end a phrase, or when the first word of the next line would not have
 * fitted on it. A list item and the next one fail both: "no consent" followed by
 * "known allergy to ..." in a list whose longest line is 60 characters.
 */
export function isWrap(text: string, at: number, width: number): boolean {
  let end = at; // end of the line before, trailing blanks and CR left out
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (isBlank(c) || c === CR) end--;
    else break;
  }
  let start = end;
  while (start > 0) {
    const c = text.charCodeAt(start - 1);
    if (c === LF || c === CR) break;
    start--;
  }
  if (end === start) return false;
  const last = text.charCodeAt(end - 1);
  if (isContinuingMark(last)) return true;
  if (isLetter(last)) {
    let w = end;
    while (w > start && isLetter(text.charCodeAt(w - 1)) && end - w <= 9) w--;
    if (w === start || !isLetter(text.charCodeAt(w - 1))) {
      if (CONTINUING_WORDS.has(text.slice(w, end).toLowerCase())) return true;
    }
  }
  const n = text.length;
  let k = at;
  while (k < n) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR || isBlank(c)) k++;
    else break;
  }
  let next = k;
  while (next < n && isWordCode(text.charCodeAt(next))) next++;
  return end - start + 1 + (next - k) > width;
}

/**
 * The sentences of a note, by token: `of[i]` is the sentence of token i, and
 * sentence k holds tokens `[starts[k], starts[k + 1])` (the last one up to the
 * stream's count). A boundary token belongs to the sentence it ends. Computed
 * once per note by `segmentSentences` and shared by the span review and the
 * context engine, so both read the same sentences and the note is read once.
 */
export interface Sentences {
  readonly of: Int32Array;
  readonly starts: Int32Array;
  readonly count: number;
}

/**
 * A sentence ends at a boundary token that `isSentenceEnd` (with paragraph line
 * widths) says ends one; a new one also starts at a list number "2)" (brackets
 * are not boundaries) and after a line break the tokenizer read as a wrap where
 * none can be one.
 */
export function segmentSentences(text: string, tokens: TokenStream): Sentences {
  const n = Math.min(tokens.count, tokens.ids.length);
  const { ids, starts, ends } = tokens;
  const of = new Int32Array(n);
  const first: number[] = [0];
  let sentence = 0;
  const lineWidth = paragraphWidths(text);
  for (let i = 0; i < n; i++) {
    const t = ids[i] as number;
    if (t !== BOUNDARY && (first[sentence] as number) < i) {
      const end = ends[i] as number;
      const listNumber = text.charCodeAt(end) === 41 && isListNumberAt(text, end);
      const afterWord = (ids[i - 1] as number) !== BOUNDARY;
      if (listNumber || (afterWord && isUnwrappedBreak(text, ends[i - 1] as number, starts[i] as number, lineWidth))) {
        sentence++;
        first.push(i);
      }
    }
    of[i] = sentence;
    if (t === BOUNDARY && isSentenceEnd(text, starts[i] as number, lineWidth)) {
      sentence++;
      first.push(i + 1);
    }
  }
  // A note ending in a sentence end leaves an empty last sentence: drop it.
  if (first.length > 1 && (first[first.length - 1] as number) >= n) first.pop();
  return { of, starts: Int32Array.from(first), count: first.length };
}

/** Is there a line break between two words, `text[from..to)`, that cannot be a hard wrap? */
function isUnwrappedBreak(text: string, from: number, to: number, width: LineWidth): boolean {
  for (let k = from; k < to; k++) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) return !isWrap(text, k, width(k));
  }
  return false;
}

/**
 * The characters of the sentences around `[start, end)` (a range of whole
 * tokens): from the first token of the sentence of its first token to the last
 * token of the sentence of its last one.
 */
export function sentenceRange(tokens: TokenStream, sentences: Sentences, start: number, end: number): { start: number; end: number } {
  const n = Math.min(tokens.count, tokens.ids.length);
  if (n === 0) return { start, end };
  const first = Math.min(lowerBound(tokens.starts, n, start), n - 1);
  const last = Math.max(first, lowerBound(tokens.starts, n, end) - 1);
  const from = sentenceFirstToken(sentences, first);
  const to = sentenceEndToken(sentences, n, last);
  return { start: Math.min(start, tokens.starts[from] as number), end: Math.max(end, tokens.ends[to - 1] as number) };
}

/** The first token of the sentence of token `i`. */
export function sentenceFirstToken(sentences: Sentences, i: number): number {
  return sentences.starts[sentences.of[i] as number] as number;
}

/** The token after the sentence of token `i` (`n`, the token count, for the last sentence). */
export function sentenceEndToken(sentences: Sentences, n: number, i: number): number {
  const s = (sentences.of[i] as number) + 1;
  return s < sentences.count ? (sentences.starts[s] as number) : n;
}
