/**
 * The word lists and small structures that phrasing variants read
 * (data/text/phrasings.json): which words say a value is off, which results a
 * status names, and so on. Build time only (lexicon/project-terms.ts). Checked
 * when this module loads, every problem reported with its path
 * (`valueLevel.offWords[2]`), so a bad file fails the build, not a variant.
 */
import data from '../../data/text/phrasings.json' with { type: 'json' };
import { parseRuleFile, type FieldKind } from '../text/data-file.js';

/** One rule: where it comes from, what it does, and its lists. */
interface Rule {
  /** Provenance: the release wording (Index, Tabular) or project observation the rule reads. */
  source: string;
  /** What the rule does with its lists, in words. */
  rule: string;
}

export interface PhrasingFile {
  format: 1;
  description: string;
  valueLevel: Rule & { offWords: string[]; lastWords: string[]; keepWith: string[] };
  resultStatus: Rule & { results: string[]; lastWord: string };
  closedCompound: Rule & { pattern: string };
  organFunction: Rule & { heads: string[]; forms: string[] };
  abnormalFunctionStudies: Rule & { lead: string; forms: string[] };
  possessiveEponym: Rule & { heads: string[] };
  resectionStatus: Rule & { lead: string; noun: string; participle: string };
  headAfterSite: Rule & { notHeads: string[] };
  qualifierFirst: Rule & { qualifiers: string[] };
  conventionWords: Rule & { leading: string[]; trailing: string[]; initialEncounter: string };
  causeAgent: Rule & { categories: string[]; suffix: string };
}

/** Each rule's fields besides `source` and `rule`; a new rule is one row here and one in PhrasingFile. */
const RULES: Record<Exclude<keyof PhrasingFile, 'format' | 'description'>, Record<string, FieldKind>> = {
  valueLevel: { offWords: 'words', lastWords: 'words', keepWith: 'words' },
  resultStatus: { results: 'words', lastWord: 'word' },
  closedCompound: { pattern: 'pair-regex' },
  organFunction: { heads: 'words', forms: 'organ-forms' },
  abnormalFunctionStudies: { lead: 'phrase', forms: 'organ-forms' },
  possessiveEponym: { heads: 'words' },
  resectionStatus: { lead: 'title-word', noun: 'word', participle: 'word' },
  headAfterSite: { notHeads: 'words' },
  qualifierFirst: { qualifiers: 'words' },
  conventionWords: { leading: 'words', trailing: 'phrases', initialEncounter: 'phrase' },
  causeAgent: { categories: 'categories', suffix: 'phrase' },
};

/** Validates the file, reporting every problem with its path (IcdError E_RULES_INVALID). */
export function parsePhrasings(value: unknown, file = 'phrasings.json'): PhrasingFile {
  return parseRuleFile<PhrasingFile>(value, file, RULES);
}

export const PHRASINGS: PhrasingFile = parsePhrasings(data, 'data/text/phrasings.json');

/** `(?:a|b|c)`: one of the words (validated as letters, digits and spaces only, so none needs escaping). */
export function oneOf(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}
