/**
 * The one tokenizer, used to compile release terms and to read notes, so build
 * and scan always agree. A word is a maximal run of letters and digits (a '.'
 * between digits stays inside: "2.5", "E11.22"); a trailing possessive "'s" and
 * a plural marker "(s)" / "(es)" are dropped. Hyphens, slashes, commas, brackets
 * and spaces only separate words: ICD-10-CM titles put synonyms and optional words
 * in brackets ("Essential (primary) hypertension"), and notes copy that style.
 * Sentence-like punctuation and line breaks are boundaries: no term may match
 * across them. The '.' of a genus's initial is not ("E. coli", "S. aureus").
 */

/**
 * Sentence-like punctuation: . ! ? ; : | and the bullet. A boundary splits phrases;
 * brackets, hyphens, slashes and commas do not.
 */
export function isBoundaryChar(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 59 || code === 58 || code === 124 || code === 0x2022;
}

/** A space inside a line: space, tab, no-break space. */
export function isBlank(code: number): boolean {
  return code === 32 || code === 9 || code === 0xa0;
}

/** True for characters that belong inside a word. */
export function isWordChar(code: number): boolean {
  if (code < 128) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  return isUnicodeWordChar(code);
}

const LETTER_OR_MARK = /[\p{L}\p{M}\p{Nd}]/u;
function isUnicodeWordChar(code: number): boolean {
  // Surrogate halves are never word characters: astral letters are vanishingly rare
  // in clinical text, and treating emoji as separators keeps offsets exact.
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return LETTER_OR_MARK.test(String.fromCharCode(code));
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/**
 * Calls `word(start, end)` for each word and `boundary(at)` for each boundary, in
 * text order. Offsets are UTF-16 indexes into `text`.
 */
export function scanRaw(
  text: string,
  word: (start: number, end: number) => void,
  boundary: (at: number) => void,
): void {
  // Tokenizer.tokenize inlines this loop (src/text/tokens.ts); the helpers below
  // are shared, and a property test holds the two to the same output.
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) {
      const start = i;
      i++;
      for (;;) {
        if (i >= n) break;
        const d = text.charCodeAt(i);
        if (isWordChar(d)) {
          i++;
          continue;
        }
        if (d === 46 && dotJoinsDigits(text, i)) {
          i += 2;
          continue;
        }
        break;
      }
      const end = i;
      i = skipWordSuffix(text, end);
      word(start, end);
      continue;
    }
    if (c === 10 || c === 13) {
      const j = lineBreakEnd(text, i);
      if (!lineContinues(text, i, j)) boundary(i);
      i = j;
      continue;
    }
    if (isBoundaryChar(c) && !(c === 46 && isInitialDot(text, i))) boundary(i);
    i++;
  }
}

/**
 * "E. coli", "S. aureus", "H. pylori": the '.' at `i` follows a lone capital
 * letter and a lower-case word follows it after one space, so it abbreviates a
 * genus and ends nothing. A sentence that ends in a capital ("vitamin D.") is
 * followed by a capital.
 */
export function isInitialDot(text: string, i: number): boolean {
  if (i < 1 || i + 2 >= text.length) return false;
  const letter = text.charCodeAt(i - 1);
  if (letter < 65 || letter > 90 || (i >= 2 && isWordChar(text.charCodeAt(i - 2)))) return false;
  const next = text.charCodeAt(i + 2);
  return text.charCodeAt(i + 1) === 32 && next >= 97 && next <= 122;
}

/**
 * "2.5" and "E11.22": the '.' at `i` stays inside the word when a digit precedes
 * and a digit follows it. The caller then consumes the dot and that digit.
 */
export function dotJoinsDigits(text: string, i: number): boolean {
  return i + 1 < text.length && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(i + 1));
}

/**
 * What follows a word and is consumed without being part of it: a possessive
 * "'s" / "’s" ("Alzheimer's", "Crohn’s"), then a plural marker "(s)" / "(es)".
 * `end` is the word's end; returns where scanning goes on.
 */
export function skipWordSuffix(text: string, end: number): number {
  const n = text.length;
  let i = end;
  if (i + 1 < n) {
    const q = text.charCodeAt(i);
    const s = text.charCodeAt(i + 1);
    if ((q === 39 || q === 0x2019) && (s === 115 || s === 83) && (i + 2 >= n || !isWordChar(text.charCodeAt(i + 2)))) {
      i += 2;
    }
  }
  return skipPluralMarker(text, i);
}

/** Index after the line break at `i` and the spaces, tabs and further breaks after it. */
export function lineBreakEnd(text: string, i: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 32 || d === 9 || d === 10 || d === 13) j++;
    else break;
  }
  return j;
}

/**
 * A line break (`text[from..to)`, from lineBreakEnd) ends a phrase unless the next
 * line continues it in lower case (hard-wrapped prose) with no blank line between;
 * lists and headers start with a capital or a marker.
 */
export function lineContinues(text: string, from: number, to: number): boolean {
  const next = to < text.length ? text.charCodeAt(to) : 0;
  return next >= 97 && next <= 122 && !hasBlankLine(text, from, to);
}

/** "finger(s)", "process(es)": returns the index after the marker, or `i`. */
function skipPluralMarker(text: string, i: number): number {
  if (text.charCodeAt(i) !== 40) return i;
  let j = i + 1;
  if (text.charCodeAt(j) === 101 && text.charCodeAt(j + 1) === 115) j += 2; // "es"
  else if (text.charCodeAt(j) === 115) j += 1; // "s"
  else return i;
  if (text.charCodeAt(j) !== 41) return i;
  j++;
  return j < text.length && isWordChar(text.charCodeAt(j)) ? i : j;
}

function hasBlankLine(text: string, from: number, to: number): boolean {
  let breaks = 0;
  for (let k = from; k < to; k++) {
    if (text.charCodeAt(k) === 10) breaks++;
  }
  return breaks > 1;
}
