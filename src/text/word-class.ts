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
 * The suffixes and word lists are data (data/text/word-classes.json), checked
 * when this module loads. The scan-time review reads the abstract-noun test too
 * (review/agreement.ts), so it lives in text/, where build and scan both read it.
 */
import data from '../../data/text/word-classes.json' with { type: 'json' };
import { FileCheck } from './data-file.js';
import { functionWords } from './function-words.js';

export interface WordClassFile {
  format: 1;
  description: string;
  abstractNounSuffixes: string[];
  adjectiveSuffixes: string[];
  qualifiers: string[];
  qualifierPhrases: string[];
  irregularParticiples: Record<string, string>;
}

/** Validates the file, reporting every problem with its path (IcdError E_RULES_INVALID). */
export function parseWordClasses(value: unknown, file = 'word-classes.json'): WordClassFile {
  const check = new FileCheck(file);
  const lists = ['abstractNounSuffixes', 'adjectiveSuffixes', 'qualifiers', 'qualifierPhrases'] as const;
  const obj = check.top(value, [...lists, 'irregularParticiples']);
  if (obj !== null) {
    for (const k of lists) {
      check.strings(obj[k], k).forEach((w, i) => {
        if (!/^[a-z]+(?: [a-z]+)*$/.test(w)) check.issues.push({ path: `${k}[${i}]`, message: 'lower-case letters', received: w });
      });
    }
    const irregular = check.object(obj.irregularParticiples, 'irregularParticiples');
    if (irregular !== null) {
      for (const [k, v] of Object.entries(irregular)) if (typeof v !== 'string' || !/^[a-z]+$/.test(v)) check.issues.push({ path: `irregularParticiples.${k}`, message: 'one lower-case word' });
    }
  }
  check.done();
  return value as WordClassFile;
}

const CLASSES = parseWordClasses(data, 'data/text/word-classes.json');
const suffixes = (list: readonly string[]): RegExp => new RegExp(`(?:${list.join('|')})$`, 'i');

/** Abstract-noun endings: the word names a state ("impairment", "insufficiency", "abnormality"). */
const ABSTRACT_NOUN = suffixes(CLASSES.abstractNounSuffixes);

/** Adjective and participle endings ("impaired", "atrophic", "anomalous", "insufficient"). */
const ADJECTIVE_ENDING = suffixes(CLASSES.adjectiveSuffixes);

/**
 * Words that say how a condition is (severity, course, origin, extent) rather
 * than where it is. English puts them before the whole phrase ("decompensated
 * heart failure", "chronic kidney disease"); a site adjective stays next to
 * its noun ("heart failure, renal" is not "renal heart failure").
 */
const QUALIFIERS: ReadonlySet<string> = new Set(CLASSES.qualifiers);

/**
 * Irregular participles the Index gives as another spelling of a main term
 * ("Tear, torn (traumatic)": "torn" is "tear"), which no prefix test relates.
 * The only such main term in the FY2023 Index.
 */
export const IRREGULAR_PARTICIPLES: ReadonlyMap<string, string> = new Map(Object.entries(CLASSES.irregularParticiples));

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
const QUALIFIER_PHRASES: ReadonlySet<string> = new Set(CLASSES.qualifierPhrases);

/** A qualifier word or a participle ("decompensated", "ruptured"): it goes before the phrase it qualifies. */
export function isQualifier(word: string): boolean {
  if (QUALIFIER_PHRASES.has(word.toLowerCase())) return true;
  if (!/^[A-Za-z][a-z-]*$/.test(word) || word.length < 4) return false;
  return QUALIFIERS.has(word.toLowerCase()) || /[^e]ed$/.test(word);
}

/**
 * Spellings of a main term for after its modifier ("renal impairment"): the
 * nouns, adjectives left out ("renal impaired" is no note's wording). A list of
 * phrases, or one with no noun, is returned whole. The build passes its own
 * adjective test (lexicon/english-pos.ts). Before its modifier every
 * spelling stays: "impaired renal" and, stopwords dropped, "impairment of renal".
 */
export function headSpellings(alts: readonly string[], adjective: (word: string) => boolean = isAdjective): string[] {
  if (alts.length < 2 || alts.some((a) => a.includes(' '))) return [...alts];
  const nouns = alts.filter((a) => !adjective(a));
  return nouns.length > 0 ? nouns : [...alts];
}

/** A last word that leaves a phrase waiting for its object ("Carrier of", "Contact with"). */
const OPEN_END = new RegExp(`\\s(?:${[...functionWords('open-end')].join('|')})$`, 'i');

export function endsOpen(phrase: string): boolean {
  return OPEN_END.test(phrase);
}
