/**
 * Checks shared by the loaders of the project's word-list files (data/text):
 * `{"format": 1, "description": ..., ...}`, unknown keys rejected, every
 * problem reported at once with its path (`words[3].roles[0]`).
 */
import { IcdError, type Issue } from '../errors.js';

export type Fields = Record<string, unknown>;

/** Collects the issues of one file; `done` throws them all, or returns. */
export class FileCheck {
  readonly issues: Issue[] = [];

  constructor(readonly file: string) {}

  /** The file's top object with `format: 1`, a description and no key outside `keys`; null when it is not an object. */
  top(data: unknown, keys: readonly string[]): Fields | null {
    const obj = this.object(data, '');
    if (obj === null) return null;
    this.keys(obj, ['format', 'description', ...keys], '');
    if (obj.format !== 1) this.issues.push({ path: 'format', message: 'unsupported format', expected: '1', received: String(obj.format) });
    if (typeof obj.description !== 'string' || obj.description.length === 0) this.issues.push({ path: 'description', message: 'provenance description required' });
    return obj;
  }

  object(value: unknown, path: string): Fields | null {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Fields;
    this.issues.push({ path: path === '' ? '(file)' : path, message: 'must be an object' });
    return null;
  }

  keys(obj: Fields, keys: readonly string[], path: string): void {
    for (const k of Object.keys(obj)) if (!keys.includes(k)) this.issues.push({ path: path === '' ? k : `${path}.${k}`, message: 'unknown key' });
  }

  /** A non-empty array of non-empty strings, or [] with an issue. */
  strings(value: unknown, path: string): string[] {
    if (Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string' && v.trim().length > 0)) return value as string[];
    this.issues.push({ path, message: 'a non-empty array of non-empty strings' });
    return [];
  }

  done(): void {
    if (this.issues.length === 0) return;
    const shown = this.issues.slice(0, 5).map((x) => `${x.path}: ${x.message}`);
    const more = this.issues.length > shown.length ? `; and ${this.issues.length - shown.length} more` : '';
    throw new IcdError('E_RULES_INVALID', `${this.file}: ${shown.join('; ')}${more}`, { issues: this.issues });
  }
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
export type FieldKind = 'words' | 'word' | 'title-word' | 'phrase' | 'phrases' | 'organ-forms' | 'categories' | 'pair-regex';

const LOWER_WORD = /^[a-z]+$/;
const PHRASE = /^[a-z]+(?: [a-z]+)*$/;

/** Checks one rule of a rule file: its `source` and `rule` sentences, and each field by its kind. */
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

/**
 * A rule file (`{"format": 1, "description", <rule>: {source, rule, ...fields}}`)
 * checked against `rules` (each rule's fields and their kinds): every problem is
 * reported with its path (IcdError E_RULES_INVALID).
 */
export function parseRuleFile<T>(value: unknown, file: string, rules: Record<string, Record<string, FieldKind>>): T {
  const check = new FileCheck(file);
  const obj = check.top(value, Object.keys(rules));
  if (obj !== null) {
    for (const [name, fields] of Object.entries(rules)) {
      const rule = check.object(obj[name], name);
      if (rule !== null) checkRule(check, rule, name, fields);
    }
  }
  check.done();
  return value as T;
}
