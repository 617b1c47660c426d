/**
 * Word normalisation, shared by the lexicon compiler and the scanner so that a
 * release term and a note spell every word the same way. Steps, in order:
 * lower case (done by the caller), diacritics stripped, stopwords dropped, Roman
 * numerals folded, British spellings folded, Greek plurals in -oses folded to
 * -osis, Porter stem (plurals, inflections, diabetes/diabetic) except for the
 * few words it would fold into another word. Words with digits are kept
 * verbatim after folding.
 */
import { createRequire } from 'node:module';
import spelling from '../../data/text/spelling.json' with { type: 'json' };
import stopwordData from '../../data/text/stopwords.json' with { type: 'json' };
import roman from '../../data/text/roman.json' with { type: 'json' };
import stemExceptions from '../../data/text/stem-exceptions.json' with { type: 'json' };

// natural's index pulls in its whole toolkit (and dotenv) and costs about a second
// to import; the Porter stemmer module alone loads in milliseconds.
const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

const STOPWORDS: ReadonlySet<string> = new Set(stopwordData.words);
const ROMAN: ReadonlyMap<string, string> = new Map(Object.entries(roman.numerals));
const UNSTEMMED: ReadonlySet<string> = new Set(Object.keys(stemExceptions.words));
// Longest prefix first so 'haemorrh' wins over 'haem'.
const SPELLING: ReadonlyArray<{ from: string; to: string }> = [...spelling.rules].sort(
  (a, b) => b.from.length - a.from.length || (a.from < b.from ? -1 : 1),
);
// Endings regular enough to fold wherever they stand ("dyslipidaemia", "polymenorrhoea").
const SPELLING_INFIXES: ReadonlyArray<{ from: string; to: string }> = spelling.infixes;

const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING = /[\u0300-\u036f]/g;
const HAS_DIGIT = /[0-9]/;

/** How a word is written, as far as stemming cares. */
export const enum Shape {
  Plain = 0,
  /** Every letter a capital, at least two characters: an acronym ("AIDS", "MI"). */
  Caps = 1,
  /** Capitals then a lower-case plural "s": "UTIs", "MIs", "CVAs". */
  CapsPlural = 2,
}

const CAPS_PLURAL = /^[A-Z][A-Z0-9]+s$/;

export function shapeOf(surface: string): Shape {
  if (surface.length < 2 || surface === surface.toLowerCase()) return Shape.Plain;
  if (surface === surface.toUpperCase()) return Shape.Caps;
  return CAPS_PLURAL.test(surface) ? Shape.CapsPlural : Shape.Plain;
}

/**
 * Normalises one lower-cased word; null when the word is a stopword.
 * Short words are not Porter-stemmed: the stemmer folds "mis" (MIS-C) into
 * "mi" (myocardial infarction), "pes" into "pe", "eye" into "ey". They only lose
 * a plural "s", and not even that when written in capitals, which marks an
 * acronym ("AIDS" is not the plural of "aid").
 */
export function normalizeWord(lower: string, shape: Shape = Shape.Plain): string | null {
  let w = shape === Shape.CapsPlural ? lower.slice(0, -1) : lower;
  if (NON_ASCII.test(w)) w = w.normalize('NFD').replace(COMBINING, '');
  if (STOPWORDS.has(w)) return null;
  const numeral = ROMAN.get(w);
  if (numeral !== undefined) return numeral;
  if (HAS_DIGIT.test(w) || shape === Shape.CapsPlural) return w;
  for (const rule of SPELLING) {
    if (w.startsWith(rule.from)) {
      w = rule.to + w.slice(rule.from.length);
      break;
    }
  }
  for (const rule of SPELLING_INFIXES) if (w.includes(rule.from)) w = w.replace(rule.from, rule.to);
  if (w.length <= SHORT_WORD) {
    if (shape !== Shape.Plain || w.length < 4 || !w.endsWith('s') || w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
    return w.slice(0, -1);
  }
  // A Greek noun in -osis makes its plural in -oses ("thromboses", "stenoses", "psychoses"), which Porter stems apart.
  if (w.length >= GREEK_PLURAL_MIN && w.endsWith('oses')) w = `${w.slice(0, -2)}is`;
  return UNSTEMMED.has(w) ? w : porter.stem(w);
}

/** Shorter words in -oses are English plurals ("doses", "noses", "closes"). */
const GREEK_PLURAL_MIN = 8;

const SHORT_WORD = 4;
