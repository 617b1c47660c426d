/**
 * The wording the review reads (data/text/review-wording.json): what marks a
 * title as unspecified, generalized or without complications, its encounter
 * clause, and what a sentence says of a later encounter or a sequela. Checked
 * when this module loads, every problem reported with its path.
 */
import data from '../../data/text/review-wording.json' with { type: 'json' };
import { parseRuleFile, type FieldKind } from '../text/data-file.js';

interface Rule {
  source: string;
  rule: string;
}

export interface ReviewWordingFile {
  format: 1;
  description: string;
  unspecified: Rule & { words: string[] };
  generalized: Rule & { words: string[] };
  withoutClause: Rule & { lead: string; sameAs: string[] };
  encounterClause: Rule & { clauses: string[] };
  subsequentEncounter: Rule & { lead: string; nouns: string[] };
  sequela: Rule & { words: string[]; phrases: string[] };
  inflammation: Rule & { suffix: string };
}

const RULES: Record<Exclude<keyof ReviewWordingFile, 'format' | 'description'>, Record<string, FieldKind>> = {
  unspecified: { words: 'words' },
  generalized: { words: 'words' },
  withoutClause: { lead: 'word', sameAs: 'words' },
  encounterClause: { clauses: 'phrases' },
  subsequentEncounter: { lead: 'word', nouns: 'words' },
  sequela: { words: 'words', phrases: 'phrases' },
  inflammation: { suffix: 'word' },
};

/** Validates the file, reporting every problem with its path (IcdError E_RULES_INVALID). */
export function parseReviewWording(value: unknown, file = 'review-wording.json'): ReviewWordingFile {
  return parseRuleFile<ReviewWordingFile>(value, file, RULES);
}

const W: ReviewWordingFile = parseReviewWording(data, 'data/text/review-wording.json');

// Words and phrases are checked as lower-case letters and single spaces, so none needs escaping.
const whole = (words: readonly string[]): string => words.map((w) => `\\b${w}\\b`).join('|');

/** A title that says it is unspecified. */
export const UNSPECIFIED = new RegExp(whole(W.unspecified.words), 'i');
/** A title that is the generalized form of a finding. */
export const GENERALIZED = new RegExp(whole(W.generalized.words), 'i');
/** A title's "without ..." clause (to the next comma), or a word that says the same. */
export const WITHOUT_CLAUSE = new RegExp(`\\b${W.withoutClause.lead}\\b[^,]*|${whole(W.withoutClause.sameAs)}`, 'i');
/** A title's seventh-character encounter clause, to its end. */
export const ENCOUNTER_CLAUSE = new RegExp(`,\\s*(${W.encounterClause.clauses.join('|')})\\b.*$`, 'i');
/** A sentence that names a subsequent encounter. */
export const SUBSEQUENT = new RegExp(`\\b${W.subsequentEncounter.lead} (${W.subsequentEncounter.nouns.join('|')})\\b`, 'i');
/** A sentence that names a sequela. */
export const SEQUELA = new RegExp(whole([...W.sequela.words, ...W.sequela.phrases]), 'i');
/** A word that names an inflammation. */
export const INFLAMMATION = new RegExp(`${W.inflammation.suffix}$`);
