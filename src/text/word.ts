/**
 * Word normalisation, shared by the lexicon compiler and the scanner so that a
 * release term and a note spell every word the same way. Steps, in order:
 * lower case (done by the caller), diacritics stripped, stopwords dropped, Roman
 * numerals folded, British spellings folded, Porter stem (plurals, inflections,
 * diabetes/diabetic). Words with digits are kept verbatim after folding.
 */
import { createRequire } from 'node:module';
import spelling from '../../data/text/spelling.json' with { type: 'json' };
import stopwordData from '../../data/text/stopwords.json' with { type: 'json' };
import roman from '../../data/text/roman.json' with { type: 'json' };

// natural's index pulls in its whole toolkit (and dotenv) and costs about a second
// to import; the Porter stemmer module alone loads in milliseconds.
const require = createRequire(import.meta.url);
const porter = require('natural/lib/natural/stemmers/porter_stemmer.js') as { stem(word: string): string };

const STOPWORDS: ReadonlySet<string> = new Set(stopwordData.words);
const ROMAN: ReadonlyMap<string, string> = new Map(Object.entries(roman.numerals));
// Longest prefix first so 'haemorrh' wins over 'haem'.
const SPELLING: ReadonlyArray<{ from: string; to: string }> = [...spelling.rules].sort(
  (a, b) => b.from.length - a.from.length || (a.from < b.from ? -1 : 1),
);

const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING = /[\u0300-\u036f]/g;
const HAS_DIGIT = /[0-9]/;

/** Normalises one lower-cased word; null when the word is a stopword. */
export function normalizeWord(lower: string): string | null {
  let w = lower;
  if (NON_ASCII.test(w)) w = w.normalize('NFD').replace(COMBINING, '');
  if (STOPWORDS.has(w)) return null;
  const numeral = ROMAN.get(w);
  if (numeral !== undefined) return numeral;
  if (HAS_DIGIT.test(w)) return w;
  for (const rule of SPELLING) {
    if (w.startsWith(rule.from)) {
      w = rule.to + w.slice(rule.from.length);
      break;
    }
  }
  return porter.stem(w);
}
