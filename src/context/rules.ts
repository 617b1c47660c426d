/**
 * ConText rule file: load and validate. Validation reports every problem with its
 * path (`rules[12].direction`), rejects unknown keys and duplicate ids, checks
 * that category and direction agree, and that no two rules normalise to the same
 * words in a genre they share (after stemming "rule out" and "ruled out" are
 * one phrase, so the file must say which rule owns it). `rulesForGenre` selects
 * the rules one genre of text reads.
 */
import type { Issue } from '../errors.js';
import { Issues, isRecord, readRuleJson, repoFile } from '../sections/rulefile.js';
import { parseSources } from '../sections/rules.js';
import { ASSERTION_CATEGORIES, type AssertionCategory } from '../sections/types.js';
import { expandPhrase } from './phrase.js';
import {
  CONTEXT_CATEGORIES,
  CONTEXT_DIRECTIONS,
  GENRES,
  type ContextCategory,
  type ContextDirection,
  type ContextRule,
  type Genre,
  type RuleFile,
} from './types.js';

/** Path of the repository's rule file, relative to the package root. */
export const DEFAULT_RULES_FILE = 'data/context/rules.json';

const ROOT_KEYS = ['format', 'description', 'sources', 'rules'] as const;
const RULE_KEYS = ['id', 'phrase', 'category', 'direction', 'window', 'wholeTarget', 'terminates', 'genres', 'source', 'note'] as const;
const ID = /^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$/;
/** A window larger than any clinical sentence is a mistake, not a choice. */
export const MAX_WINDOW = 100;

export type RuleParseResult = { ok: true; value: RuleFile } | { ok: false; issues: Issue[] };

function directionsFor(category: ContextCategory): readonly ContextDirection[] {
  if (category === 'PSEUDO') return ['pseudo'];
  if (category === 'TERMINATE') return ['terminate'];
  return ['forward', 'backward', 'bidirectional'];
}

/** Validates a parsed rule file; never throws. */
export function safeParseContextRules(json: unknown): RuleParseResult {
  const issues = new Issues();
  if (!isRecord(json)) {
    issues.bad('', 'a rule file is an object', '{"format": 1, "sources": {...}, "rules": [...]}', json);
    return { ok: false, issues: issues.list };
  }
  issues.keys(json, ROOT_KEYS, '');
  if (json.format !== 1) issues.bad('format', 'unsupported format', '1', json.format);
  if (json.description !== undefined) issues.string(json, 'description', '', true);
  const sources = parseSources(json.sources, issues);
  const rules: ContextRule[] = [];
  if (!Array.isArray(json.rules)) {
    issues.bad('rules', 'required array', 'array', json.rules);
  } else {
    const ids = new Map<string, number>();
    const owners = new Map<string, number>();
    json.rules.forEach((raw: unknown, i: number) => {
      const rule = parseRule(raw, `rules[${i}]`, issues, sources);
      if (rule !== undefined) rules.push(rule);
      // Uniqueness is checked on whatever id and phrase are usable, even when
      // another field of the rule is wrong, so one pass reports everything.
      if (!isRecord(raw)) return;
      const id = raw.id;
      if (typeof id === 'string' && id !== '') {
        const first = ids.get(id);
        if (first !== undefined) {
          issues.bad(`rules[${i}].id`, `duplicate id, first used by rules[${first}]`, 'unique id', id);
        } else {
          ids.set(id, i);
        }
      }
      if (typeof raw.phrase !== 'string') return;
      const phrase = raw.phrase;
      const expanded = expandPhrase(phrase);
      if (!expanded.ok) return;
      // A phrase may have one owner per genre: rules of disjoint genres read it apart.
      const genres = Array.isArray(raw.genres) ? GENRES.filter((g) => (raw.genres as unknown[]).includes(g)) : GENRES;
      for (const words of expanded.sequences) {
        const key = words.join(' ');
        for (const genre of genres) {
          const owner = owners.get(`${genre} ${key}`);
          if (owner !== undefined && owner !== i) {
            issues.bad(
              `rules[${i}].phrase`,
              `"${key}" (normalised) is already a phrase of rules[${owner}]${genres === GENRES ? '' : ` in genre ${genre}`}`,
              'phrases unique across the rules of a genre after normalisation',
              phrase,
            );
            break;
          }
          owners.set(`${genre} ${key}`, i);
        }
      }
    });
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  const file: RuleFile = { format: 1, sources: sources ?? {}, rules };
  if (typeof json.description === 'string') file.description = json.description;
  return { ok: true, value: file };
}

/** One rule; returns it when its fields are usable (issues may still be recorded). */
function parseRule(
  raw: unknown,
  path: string,
  issues: Issues,
  sources: Record<string, string> | undefined,
): ContextRule | undefined {
  if (!isRecord(raw)) {
    issues.bad(path, 'a rule is an object', 'object', raw);
    return undefined;
  }
  issues.keys(raw, RULE_KEYS, path);
  const id = issues.string(raw, 'id', path);
  if (id !== undefined && !ID.test(id)) issues.bad(`${path}.id`, 'ids are dotted lower-case words', 'e.g. neg.no', id);

  const phrase = issues.string(raw, 'phrase', path);
  if (phrase !== undefined) {
    const expanded = expandPhrase(phrase);
    if (!expanded.ok) issues.bad(`${path}.phrase`, expanded.message, 'words with optional (a|b) groups', phrase);
  }

  let category: ContextCategory | undefined;
  if (raw.category === undefined) issues.add(`${path}.category`, 'required', CONTEXT_CATEGORIES.join(', '));
  else if (typeof raw.category === 'string' && (CONTEXT_CATEGORIES as readonly string[]).includes(raw.category)) {
    category = raw.category as ContextCategory;
  } else issues.bad(`${path}.category`, 'unknown category', CONTEXT_CATEGORIES.join(', '), raw.category);

  let direction: ContextDirection | undefined;
  if (raw.direction === undefined) issues.add(`${path}.direction`, 'required', CONTEXT_DIRECTIONS.join(', '));
  else if (typeof raw.direction === 'string' && (CONTEXT_DIRECTIONS as readonly string[]).includes(raw.direction)) {
    direction = raw.direction as ContextDirection;
  } else issues.bad(`${path}.direction`, 'unknown direction', CONTEXT_DIRECTIONS.join(', '), raw.direction);

  if (category !== undefined && direction !== undefined) {
    const allowed = directionsFor(category);
    if (!allowed.includes(direction)) {
      issues.bad(`${path}.direction`, `a ${category} rule cannot be ${direction}`, allowed.join(', '), direction);
    }
  }

  let window: number | undefined;
  if (raw.window !== undefined) {
    const w = raw.window;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > MAX_WINDOW) {
      issues.bad(`${path}.window`, `must be an integer in [1, ${MAX_WINDOW}]`, 'integer', w);
    } else if (direction === 'pseudo' || direction === 'terminate') {
      issues.bad(`${path}.window`, `a ${direction} rule has no scope to limit`, 'no window', w);
    } else {
      window = w;
    }
  }

  let wholeTarget: boolean | undefined;
  if (raw.wholeTarget !== undefined) {
    if (typeof raw.wholeTarget !== 'boolean') {
      issues.bad(`${path}.wholeTarget`, 'must be a boolean', 'true or false', raw.wholeTarget);
    } else if (direction === 'pseudo' || direction === 'terminate') {
      issues.bad(`${path}.wholeTarget`, `a ${direction} rule has no scope to hold a target`, 'no wholeTarget', raw.wholeTarget);
    } else {
      wholeTarget = raw.wholeTarget;
    }
  }

  let terminates: AssertionCategory[] | undefined;
  if (raw.terminates !== undefined) {
    if (category !== 'TERMINATE') {
      issues.bad(`${path}.terminates`, 'only TERMINATE rules name the categories they clip', 'no terminates', raw.terminates);
    } else if (!Array.isArray(raw.terminates) || raw.terminates.length === 0) {
      issues.bad(`${path}.terminates`, 'a non-empty array of categories', ASSERTION_CATEGORIES.join(', '), raw.terminates);
    } else {
      terminates = [];
      raw.terminates.forEach((c: unknown, j: number) => {
        if (typeof c === 'string' && (ASSERTION_CATEGORIES as readonly string[]).includes(c)) {
          terminates?.push(c as AssertionCategory);
        } else {
          issues.bad(`${path}.terminates[${j}]`, 'unknown category', ASSERTION_CATEGORIES.join(', '), c);
        }
      });
    }
  }

  let genres: Genre[] | undefined;
  if (raw.genres !== undefined) {
    if (!Array.isArray(raw.genres) || raw.genres.length === 0) {
      issues.bad(`${path}.genres`, 'a non-empty array of genres', GENRES.join(', '), raw.genres);
    } else {
      genres = [];
      raw.genres.forEach((g: unknown, j: number) => {
        if (typeof g === 'string' && (GENRES as readonly string[]).includes(g) && !genres?.includes(g as Genre)) genres?.push(g as Genre);
        else issues.bad(`${path}.genres[${j}]`, 'unknown or repeated genre', GENRES.join(', '), g);
      });
    }
  }

  const source = issues.string(raw, 'source', path);
  if (source !== undefined && sources !== undefined && !(source in sources)) {
    issues.bad(`${path}.source`, 'not a key of sources', Object.keys(sources).join(', '), source);
  }
  const note = raw.note === undefined ? undefined : issues.string(raw, 'note', path, true);

  if (id === undefined || phrase === undefined || category === undefined || direction === undefined || source === undefined) {
    return undefined;
  }
  const rule: ContextRule = { id, phrase, category, direction, source };
  if (window !== undefined) rule.window = window;
  if (wholeTarget !== undefined) rule.wholeTarget = wholeTarget;
  if (terminates !== undefined) rule.terminates = terminates;
  if (genres !== undefined) rule.genres = genres;
  if (note !== undefined) rule.note = note;
  return rule;
}

/** Validates a parsed rule file; throws IcdError('E_RULES_INVALID') listing every issue. */
export function parseContextRules(json: unknown): RuleFile {
  const result = safeParseContextRules(json);
  if (result.ok) return result.value;
  const issues = new Issues();
  issues.list.push(...result.issues);
  return issues.fail('context rule file');
}

/** Reads and validates a rule file (default: the repository's data/context/rules.json). */
export function loadContextRules(path: string = repoFile(DEFAULT_RULES_FILE)): RuleFile {
  return parseContextRules(readRuleJson(path));
}

/** The rules that text of `genre` reads: those without `genres` and those that name it. */
export function rulesForGenre(file: RuleFile, genre: Genre): RuleFile {
  return { ...file, rules: file.rules.filter((r) => r.genres === undefined || r.genres.includes(genre)) };
}
