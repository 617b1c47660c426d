/**
 * Rough word classes for composing index paths in English order. Index titles
 * give a condition's noun and adjective side by side ("Impaired, impairment",
 * "Insufficiency, insufficient", "Atrophy, atrophic") and nest adjectives as
 * subterms ("Failure" > "heart" > "decompensated"). English puts an adjective
 * before its noun and names the condition with the noun: "renal impairment",
 * "impaired renal function", "decompensated heart failure".
 *
 * The stemmer folds "impaired" and "impairment" into one token, so both
 * spellings of one order become the same automaton pattern, and a pattern keeps
 * one term text per code (the first in sort order); the scan-time review then
 * drops a match whose note word is the abstract noun where the term has the
 * adjective (or the reverse). So "renal Impaired" hid "renal impairment".
 *
 * Suffix rules, not a dictionary: they only choose among spellings the index
 * itself gives, so a wrong guess costs an unnatural text, never a wrong code.
 */

/** Abstract-noun endings: the word names a state ("impairment", "insufficiency", "abnormality"). */
const ABSTRACT_NOUN = /(?:ity|ities|ness|ation|ations|ism|isms|ment|ments|ancy|ency|ance|ence)$/i;

/** Adjective and participle endings ("impaired", "atrophic", "anomalous", "insufficient"). */
const ADJECTIVE_ENDING = /(?:ed|ic|ical|ous|ive|al|ar|ant|ent|ary|oid|less|ful|able|ible)$/i;

/**
 * Words that say how a condition is (severity, course, origin, extent) rather
 * than where it is. English puts them before the whole phrase ("decompensated
 * heart failure", "chronic kidney disease"); a site adjective stays next to
 * its noun ("heart failure, renal" is not "renal heart failure").
 */
const QUALIFIERS = new Set([
  'acute', 'subacute', 'chronic', 'mild', 'moderate', 'severe', 'benign', 'malignant', 'complete', 'incomplete',
  'partial', 'total', 'mixed', 'late', 'early', 'old', 'simple', 'stable', 'unstable', 'active', 'inactive', 'latent',
  'diffuse', 'focal', 'primary', 'secondary', 'recurrent', 'persistent', 'intermittent', 'paroxysmal', 'congenital',
  'traumatic', 'nontraumatic', 'idiopathic', 'hereditary', 'familial', 'essential', 'bilateral', 'unilateral',
]);

/**
 * Irregular participles the Index gives as another spelling of a main term
 * ("Tear, torn (traumatic)": "torn" is "tear"), which no prefix test relates.
 * The only such main term in the FY2023 Index.
 */
export const IRREGULAR_PARTICIPLES: ReadonlyMap<string, string> = new Map([['torn', 'tear']]);

export function isAbstractNoun(word: string): boolean {
  return ABSTRACT_NOUN.test(word);
}

/** One word that reads as an adjective; an abstract noun never does, whatever its ending ("impairment"). */
export function isAdjective(word: string): boolean {
  if (!/^[A-Za-z][a-z-]*$/.test(word) || word.length < 4) return false;
  if (isAbstractNoun(word)) return false;
  const lower = word.toLowerCase();
  return QUALIFIERS.has(lower) || IRREGULAR_PARTICIPLES.has(lower) || ADJECTIVE_ENDING.test(word);
}

/** Qualifiers the Index writes as two words; notes put them first too ("end stage renal failure"). */
const QUALIFIER_PHRASES = new Set(['end stage']);

/** A qualifier word or a participle ("decompensated", "ruptured"): it goes before the phrase it qualifies. */
export function isQualifier(word: string): boolean {
  if (QUALIFIER_PHRASES.has(word.toLowerCase())) return true;
  if (!/^[A-Za-z][a-z-]*$/.test(word) || word.length < 4) return false;
  return QUALIFIERS.has(word.toLowerCase()) || /[^e]ed$/.test(word);
}

/**
 * Spellings of a main term for after its modifier ("renal impairment"): the
 * nouns, adjectives left out ("renal impaired" is no note's wording). A list of
 * phrases, or one with no noun, is returned whole. Before its modifier every
 * spelling stays: "impaired renal" and, stopwords dropped, "impairment of renal".
 */
export function headSpellings(alts: readonly string[]): string[] {
  if (alts.length < 2 || alts.some((a) => a.includes(' '))) return [...alts];
  const nouns = alts.filter((a) => !isAdjective(a));
  return nouns.length > 0 ? nouns : [...alts];
}

/** A last word that leaves a phrase waiting for its object ("Carrier of", "Contact with"). */
const OPEN_END = /\s(?:with|without|to|for|of|in|on|by|from|at|and|or|than|as)$/i;

export function endsOpen(phrase: string): boolean {
  return OPEN_END.test(phrase);
}
