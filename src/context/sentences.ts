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
 * All checks read a few characters around the boundary: no allocation, no regex.
 */

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

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0;
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
 * or a blank line between)? Only blanks and punctuation may come between.
 */
function lineBreakFollows(text: string, at: number): boolean {
  const n = text.length;
  let k = at + 1;
  let breaks = 0;
  for (; k < n; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) breaks++;
    else if (c === CR) {
      if (k + 1 >= n || text.charCodeAt(k + 1) !== LF) breaks++;
    } else if (isBlank(c)) continue;
    else break;
  }
  if (breaks === 0) return false;
  if (k >= n) return true;
  return breaks > 1 || !isLower(text.charCodeAt(k));
}

/** True when the boundary character at `at` ends a sentence. */
export function isSentenceEnd(text: string, at: number): boolean {
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
      return periodEndsSentence(text, at);
    case 41: // ')' after a list number: "1) CHF 2) COPD"
      if (isListNumber(text, at)) return true;
      return lineBreakFollows(text, at);
    default:
      // ':' ';' '(' '[' ']' '{' '}'
      return lineBreakFollows(text, at);
  }
}

function periodEndsSentence(text: string, at: number): boolean {
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
  if (q === LF || q === CR) return lineBreakFollows(text, at);
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
