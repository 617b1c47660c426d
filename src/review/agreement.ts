/**
 * Surface agreement, the first step of the span review (refine.ts). The
 * normaliser stems, so different words can meet: "cervical" and "Cervicitis",
 * "observed" and "Observation". A candidate whose term word is a different word
 * from the note's (an inflammation for a site, an abstract noun for a verb or
 * adjective) contradicts the note; a derived form ("painful" / "Pain") is kept
 * with less confidence.
 */
import { scanRaw } from '../text/tokenize.js';
import { termWords } from '../text/tokens.js';
import { isAbstractNoun } from '../text/word-class.js';
import { normalizeWord, shapeOf } from '../text/word.js';
import synonyms from '../../data/text/synonyms.json' with { type: 'json' };
import type { Agreement } from '../scoring/confidence.js';
import { INFLAMMATION } from './wording.js';

/**
 * Eponyms spelled like a possessive determiner ("His disease", trench fever;
 * "Hers disease", which stems to "her"): a note that writes "his" or "her"
 * before a noun ("his disease progressed") is not naming them. The eponym
 * written as such ("Hers disease", "His-Werner disease") stays.
 */
const POSSESSIVE_FIRST = /^(his|her)\s/i;
const EPONYM_FIRST = /^(His|Her|Hers)'?\s/;

function possessiveForEponym(surface: string, term: string): boolean {
  // Most spans start with another letter: one comparison, no regex.
  return (surface.charCodeAt(0) | 32) === 104 && POSSESSIVE_FIRST.test(surface) && EPONYM_FIRST.test(term);
}

/** A lone capital letter after the first word of a term. */
const DESIGNATOR = /\s([A-Z])(?=$|[\s,;)])/g;

// Titles, terms and cues reuse a small vocabulary, and stemming dominates reading them.
const WORD_CACHE = new Map<string, string | null>();

/**
 * Normalised words of `s`, stopwords left out: the shared tokenizer's reading
 * (termWords), so a title's words are the words the note's token stream has.
 */
export function normalizedWords(s: string): string[] {
  if (WORD_CACHE.size >= 100_000) WORD_CACHE.clear();
  return termWords(s, WORD_CACHE);
}

interface Word {
  lower: string;
  /** Normalised; null for a stopword. */
  norm: string | null;
}

/** The words of `s` as the tokenizer reads them, lower-cased and normalised. */
function wordsOf(s: string): Word[] {
  const out: Word[] = [];
  scanRaw(
    s,
    (start, end) => {
      const raw = s.slice(start, end);
      const lower = raw.toLowerCase();
      out.push({ lower, norm: normalizeWord(lower, shapeOf(raw)) });
    },
    () => {},
  );
  return out;
}

/** Inflectional base: plural and possessive endings off. */
function base(w: string): string {
  let b = w.replace(/'s$/, '');
  if (b.length > 4 && b.endsWith('ies')) b = `${b.slice(0, -3)}y`;
  else if (b.length > 4 && /(ses|xes|ches|shes)$/.test(b)) b = b.slice(0, -2);
  else if (b.length > 3 && b.endsWith('s') && !/(ss|us|is)$/.test(b)) b = b.slice(0, -1);
  return b;
}

/** Levenshtein distance, stopping early above `max`. */
function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return false;
    prev = cur;
  }
  return (prev[b.length] as number) <= max;
}

/**
 * One-word members of a synonym group (data/text/synonyms.json) -> the group.
 * The lexicon compiles each group's words for one another, so a pair from one
 * group ("dehydrated" / "Dehydration", "obese" / "Obesity") names the same
 * thing even where its suffixes look like two lexemes.
 */
const SYNONYM_GROUP: ReadonlyMap<string, number> = new Map(
  synonyms.groups.flatMap((g, i) => g.words.filter((w) => !w.includes(' ')).map((w) => [w.toLowerCase(), i] as const)),
);

function relation(w: string, t: string): Agreement {
  const bw = base(w);
  const bt = base(t);
  if (bw === bt) return 'same';
  const group = SYNONYM_GROUP.get(bw);
  if (group !== undefined && SYNONYM_GROUP.get(bt) === group) return 'derived';
  if (INFLAMMATION.test(bw) !== INFLAMMATION.test(bt)) return 'contradicts';
  if (isQualityOf(bw, bt) || isQualityOf(bt, bw)) return 'derived';
  // An abstract noun is a different lexeme from a word without its suffix ("observation" / "observed").
  if (isAbstractNoun(bw) !== isAbstractNoun(bt)) return 'contradicts';
  // Spelling variants (oedema / edema, tumour / tumor) are the same word.
  if (bw.length >= 5 && withinEdits(bw, bt, bw.length >= 8 ? 2 : 1) && (bw.slice(-2) === bt.slice(-2) || bw.slice(0, 3) === bt.slice(0, 3))) return 'same';
  return 'derived';
}

/**
 * Whether `noun` is the quality of being `adjective`: an adjective in "-ic" or
 * "-ous" with "-ity" or "-ness" ("spastic" / "spasticity", "unconscious" /
 * "unconsciousness", "multiparous" / "multiparity"), or one in "-ent" with
 * "-ence" or "-ency" ("incontinent" / "Incontinence", "pacemaker dependent" /
 * "Dependence, pacemaker"): the state and the word for it name one condition.
 * Other adjectives are left apart: their nouns name something else as often
 * ("personal" / "Personality", "fat" / "Fatness", "weak opioids" /
 * "Weakness"), and so is a noun of action ("observed" / "Observation").
 */
function isQualityOf(noun: string, adjective: string): boolean {
  if (adjective.endsWith('ent')) return noun === `${adjective.slice(0, -1)}ce` || noun === `${adjective.slice(0, -1)}cy`;
  if (!QUALITY_ADJECTIVE.test(adjective) || !noun.startsWith(adjective.slice(0, -3))) return false;
  return noun === `${adjective}ity` || noun === `${adjective}ness` || (adjective.endsWith('ous') && noun === `${adjective.slice(0, -3)}ity`);
}
const QUALITY_ADJECTIVE = /(?:ic|ous)$/;

const RANK: Record<Agreement, number> = { same: 0, derived: 1, contradicts: 2 };

// Spans repeat their (surface, term) pairs across a corpus. Keyed by term, then
// surface: terms are the candidate reader's cached strings, whose hash V8 keeps,
// and nested maps spare a concatenated key per lookup.
const AGREEMENT_CACHE = new Map<string, Map<string, Agreement>>();
const AGREEMENT_CACHE_LIMIT = 50_000;
let agreementCacheSize = 0;

/**
 * How the words of `surface` relate to the words of `term`: each surface word
 * is paired with the term word that normalises to the same token; the worst
 * pairing decides. Words with no such partner (a synonym, an abbreviation)
 * say nothing and count as the same.
 */
export function surfaceAgreement(surface: string, term: string): Agreement {
  if (possessiveForEponym(surface, term)) return 'contradicts';
  // Most spans write the term itself ("Diabetes" for "diabetes"): every word
  // pairs with itself, so they agree, and a comparison is cheaper than the cache.
  if (sameIgnoringAsciiCase(surface, 0, surface.length, term)) return 'same';
  return cachedAgreement(surface, term);
}

/**
 * surfaceAgreement of a span's `surface`, which is `text` from `start`: the
 * verbatim check reads the note itself, a flat string, rather than the slice.
 */
export function spanAgreement(text: string, start: number, surface: string, term: string): Agreement {
  if (possessiveForEponym(surface, term)) return 'contradicts';
  if (sameIgnoringAsciiCase(text, start, surface.length, term)) return 'same';
  return cachedAgreement(surface, term);
}

function cachedAgreement(surface: string, term: string): Agreement {
  let bySurface = AGREEMENT_CACHE.get(term);
  let a = bySurface?.get(surface);
  if (a === undefined) {
    a = agreementOf(surface, term);
    if (agreementCacheSize >= AGREEMENT_CACHE_LIMIT) {
      AGREEMENT_CACHE.clear();
      agreementCacheSize = 0;
      bySurface = undefined;
    }
    if (bySurface === undefined) AGREEMENT_CACHE.set(term, (bySurface = new Map()));
    bySurface.set(surface, a);
    agreementCacheSize++;
  }
  return a;
}

/**
 * Whether `a[start, start + length)` equals `b` up to the case of ASCII
 * letters, so that the two have the same lower-cased words. Not when a bracket
 * comes with a case difference: the tokenizer drops a plural marker "(s)" only
 * in lower case.
 */
function sameIgnoringAsciiCase(a: string, start: number, length: number, b: string): boolean {
  if (length !== b.length) return false;
  let bracket = false;
  let folded = false;
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(start + i);
    const y = b.charCodeAt(i);
    if (x === y) {
      if (x === 40) bracket = true;
      continue;
    }
    const lx = x | 32;
    if (lx !== (y | 32) || lx < 97 || lx > 122) return false;
    folded = true;
  }
  return !(bracket && folded);
}

function agreementOf(surface: string, term: string): Agreement {
  const tw = wordsOf(term);
  if (tw.length === 0) return 'same';
  // A capital letter naming a subtype ("Hepatitis A", "Vitamin A") may be a
  // stopword to the normaliser; a note that does not write it means something else.
  for (const m of term.matchAll(DESIGNATOR)) {
    if (!new RegExp(`(^|[^A-Za-z])${m[1] as string}([^A-Za-z]|$)`, 'i').test(surface)) return 'contradicts';
  }
  let worst: Agreement = 'same';
  for (const w of wordsOf(surface)) {
    if (w.norm === null || tw.some((t) => t.lower === w.lower)) continue;
    let best: Agreement | null = null;
    for (const t of tw) {
      if (t.norm !== w.norm) continue;
      const r = relation(w.lower, t.lower);
      if (best === null || RANK[r] < RANK[best]) best = r;
    }
    if (best !== null && RANK[best] > RANK[worst]) worst = best;
  }
  return worst;
}
