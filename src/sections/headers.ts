/**
 * Where a header phrase is a section header and not just words in a sentence.
 * The phrase itself is found by the section finder's automaton (segment.ts);
 * these checks look at the characters around it, and run
 * only where a header phrase matched, so they cost nothing per token.
 *
 * A header phrase is a header when it
 * - stands at the start of a line (after optional spaces and a list marker such
 *   as "-", "*", "#", "1." or "2)") and is followed by a colon or by the end of
 *   the line ("PAST MEDICAL HISTORY:", "Family history" alone on its line), or
 * - follows the end of a sentence, an empty header's colon, or a wide gap of
 *   blanks (where a flattened note lost its line break) and is followed by a colon (notes flattened to one line: "... no distress.
 *   FAMILY HISTORY: ...").
 * "The family history is notable for" is not a header: it neither starts a line
 * nor is followed by a colon.
 */
import { isBlank } from '../text/tokenize.js';

const TAB = 9;
const LF = 10;
const CR = 13;
const COLON = 58;

function isLineBreak(c: number): boolean {
  return c === LF || c === CR;
}

/** List markers a header line may start with. */
function isBullet(c: number): boolean {
  // - * # > and the bullet character
  return c === 45 || c === 42 || c === 35 || c === 62 || c === 0x2022;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Punctuation a flattened header may follow: a sentence end (. ! ? ; |) or the
 * colon of a previous, empty header ("PAST MEDICAL HISTORY:  PHYSICAL EXAM: ...").
 */
function isSentencePunct(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 124 || c === COLON;
}

export type HeaderPosition = 'line-start' | 'after-sentence' | 'inline';

/** How the text before char offset `start` places a phrase beginning there. */
export function headerPosition(text: string, start: number): HeaderPosition {
  let j = start - 1;
  while (j >= 0 && isBlank(text.charCodeAt(j))) j--;
  if (j < 0 || isLineBreak(text.charCodeAt(j))) return 'line-start';
  // A wide gap (two or more blanks, or a tab) is where a flattened note lost its
  // line break: "...  E_O_H      PATIENT HISTORY:  ...".
  if (start - 1 - j >= 2 || text.charCodeAt(start - 1) === TAB) return 'after-sentence';
  const c = text.charCodeAt(j);
  // "- Family history:", "* PMH:", "1. PMH:", "2) FH:": skip one list marker.
  let k = j;
  if (isBullet(c)) {
    k = j - 1;
  } else if ((c === 46 || c === 41) && j > 0 && isDigit(text.charCodeAt(j - 1))) {
    k = j - 1;
    while (k >= 0 && isDigit(text.charCodeAt(k))) k--;
  }
  if (k !== j) {
    while (k >= 0 && isBlank(text.charCodeAt(k))) k--;
    if (k < 0 || isLineBreak(text.charCodeAt(k))) return 'line-start';
  }
  return isSentencePunct(c) ? 'after-sentence' : 'inline';
}

/** What follows char offset `end`: a colon (or a spaced dash), the end of the line (or text), or other text. */
export function headerFollower(text: string, end: number): 'colon' | 'line-end' | 'text' {
  let k = end;
  const n = text.length;
  while (k < n && isBlank(text.charCodeAt(k))) k++;
  if (k >= n) return 'line-end';
  const c = text.charCodeAt(k);
  if (c === COLON) return 'colon';
  if (isLineBreak(c)) return 'line-end';
  // "ALLERGIES - none", "HPI -- 45 yo": a spaced dash works as a colon.
  if (c === 45 && k > end && k + 1 < n && (isBlank(text.charCodeAt(k + 1)) || text.charCodeAt(k + 1) === 45)) return 'colon';
  return 'text';
}

/** True when the phrase at chars [start, end) is laid out as a section header. */
export function isHeaderAt(text: string, start: number, end: number): boolean {
  const follower = headerFollower(text, end);
  if (follower === 'text') return false;
  const position = headerPosition(text, start);
  if (position === 'line-start') return true;
  return position === 'after-sentence' && follower === 'colon';
}

/**
 * True when the colon at `colon` ends an upper-case label that starts its line
 * ("PROCEDURE:", "HEENT:", "INDICATIONS FOR SURGERY:"). Such a label is some
 * section we have no name for; the engine uses it to end a section that sets an
 * assertion, so a past-history or family-history section cannot run on into the
 * rest of the note when the next header is not in our list.
 */
export function isCapsLabelBefore(text: string, colon: number): boolean {
  let j = colon - 1;
  let letters = 0;
  // A label is short: a few words, at most 40 characters.
  const stop = Math.max(-1, colon - 41);
  for (; j > stop; j--) {
    const c = text.charCodeAt(j);
    if (c >= 65 && c <= 90) {
      letters++;
      continue;
    }
    if (isDigit(c) || isBlank(c) || c === 47 || c === 38 || c === 45 || c === 44) continue; // / & - ,
    break;
  }
  if (letters < 2) return false;
  if (j === stop && j >= 0) return false; // ran out of room: not a short label
  if (j < 0) return true;
  const c = text.charCodeAt(j);
  if (isLineBreak(c)) return true;
  // "1. PROCEDURE:" / "- PROCEDURE:" at the start of a line.
  return headerPosition(text, j + 1) === 'line-start' && (isBullet(c) || c === 46 || c === 41);
}
