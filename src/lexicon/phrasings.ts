/**
 * The word lists and small structures that phrasing variants read
 * (data/text/phrasings.json): which words say a value is off, which results a
 * status names, and so on. Build time only (lexicon/project-terms.ts). Checked
 * when this module loads, every problem reported with its path
 * (`valueLevel.offWords[2]`), so a bad file fails the build, not a variant.
 */
import data from '../../data/text/phrasings.json' with { type: 'json' };
import { FileCheck, type Fields } from '../text/data-file.js';

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

/**
 * The shape of each field a rule may have. `words`: lower-case words; `word`:
 * one; `title-word`: one word as a title begins it, capitalised (`Status`);
 * `phrase`: lower-case words with single spaces; `phrases`: a list of them;
 * `organ-forms`: phrases that say where the organ word goes (`{organ}`);
 * `categories`: ICD-10-CM categories (`B95`); `pair-regex`: a regular
 * expression source with two capture groups, where no word list says it as
 * plainly.
 */
type FieldKind = 'words' | 'word' | 'title-word' | 'phrase' | 'phrases' | 'organ-forms' | 'categories' | 'pair-regex';

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

const LOWER_WORD = /^[a-z]+$/;
const PHRASE = /^[a-z]+(?: [a-z]+)*$/;

/** Validates the file, reporting every problem with its path (IcdError E_RULES_INVALID). */
export function parsePhrasings(value: unknown, file = 'phrasings.json'): PhrasingFile {
  const check = new FileCheck(file);
  const obj = check.top(value, Object.keys(RULES));
  if (obj !== null) {
    for (const [name, fields] of Object.entries(RULES)) {
      const rule = check.object(obj[name], name);
      if (rule !== null) checkRule(check, rule, name, fields);
    }
  }
  check.done();
  return value as PhrasingFile;
}

function checkRule(check: FileCheck, rule: Fields, path: string, fields: Record<string, FieldKind>): void {
  check.keys(rule, ['source', 'rule', ...Object.keys(fields)], path);
  for (const k of ['source', 'rule']) {
    if (typeof rule[k] !== 'string' || (rule[k] as string).trim() === '') check.issues.push({ path: `${path}.${k}`, message: k === 'source' ? 'provenance required' : 'say what the rule does' });
  }
  for (const [k, kind] of Object.entries(fields)) {
    const at = `${path}.${k}`;
    if (kind === 'words') {
      check.strings(rule[k], at).forEach((w, i) => {
        if (!LOWER_WORD.test(w)) check.issues.push({ path: `${at}[${i}]`, message: 'one lower-case word', received: w });
      });
    } else if (kind === 'organ-forms') {
      check.strings(rule[k], at).forEach((f, i) => {
        if (!f.includes('{organ}') || !PHRASE.test(f.replaceAll('{organ}', 'organ'))) check.issues.push({ path: `${at}[${i}]`, message: 'lower-case words with {organ} where the organ goes', received: f });
      });
    } else if (kind === 'title-word') {
      if (typeof rule[k] !== 'string' || !/^[A-Z][a-z]+$/.test(rule[k] as string)) check.issues.push({ path: at, message: 'one capitalised word', received: String(rule[k]) });
    } else if (kind === 'categories') {
      check.strings(rule[k], at).forEach((c, i) => {
        if (!/^[A-Z][0-9][0-9A-Z]$/.test(c)) check.issues.push({ path: `${at}[${i}]`, message: 'an ICD-10-CM category (letter, digit, digit or letter)', received: c });
      });
    } else if (kind === 'phrases') {
      check.strings(rule[k], at).forEach((f, i) => {
        if (!PHRASE.test(f)) check.issues.push({ path: `${at}[${i}]`, message: 'lower-case words', received: f });
      });
    } else if (kind === 'phrase') {
      if (typeof rule[k] !== 'string' || !PHRASE.test(rule[k] as string)) check.issues.push({ path: at, message: 'lower-case words', received: String(rule[k]) });
    } else if (kind === 'pair-regex') {
      checkPairRegex(check, rule[k], at);
    } else if (typeof rule[k] !== 'string' || !LOWER_WORD.test(rule[k] as string)) {
      check.issues.push({ path: at, message: 'one lower-case word', received: String(rule[k]) });
    }
  }
}

function checkPairRegex(check: FileCheck, source: unknown, at: string): void {
  if (typeof source !== 'string' || source === '') return void check.issues.push({ path: at, message: 'a regular expression source' });
  try {
    // With an empty alternative the expression matches '', and the match has one slot per group after the whole.
    const groups = (new RegExp(`${source}|`).exec('')?.length ?? 1) - 1;
    if (groups !== 2) check.issues.push({ path: at, message: 'two capture groups', received: String(groups) });
  } catch (e) {
    check.issues.push({ path: at, message: `not a regular expression: ${(e as Error).message}` });
  }
}

export const PHRASINGS: PhrasingFile = parsePhrasings(data, 'data/text/phrasings.json');

/** `(?:a|b|c)`: one of the words (validated as letters, digits and spaces only, so none needs escaping). */
export function oneOf(words: readonly string[]): string {
  return `(?:${words.join('|')})`;
}
