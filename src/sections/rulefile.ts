/**
 * Plumbing shared by the two rule files (data/context/sections.json and
 * data/context/rules.json): locating the repository's data folder, reading JSON,
 * and collecting validation issues so that every problem is reported at once.
 * It lives here, the lower of the two layers (context -> sections), so neither
 * module imports upward.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IcdError, type Issue } from '../errors.js';
import { termWords } from '../text/tokens.js';

let cachedRoot: string | undefined;

/**
 * The folder holding package.json above this module. From source that is two
 * levels up (src/sections/), compiled it is three (dist/src/sections/); walking
 * up finds it either way, and from any other layout that keeps the package whole.
 */
export function repoRoot(): string {
  if (cachedRoot !== undefined) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) {
      cachedRoot = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir) throw new IcdError('E_INTERNAL', 'cannot find the package root (no package.json above the module)');
    dir = up;
  }
}

/** Absolute path of a file given relative to the repository root. */
export function repoFile(relative: string): string {
  return join(repoRoot(), relative);
}

/** Reads and parses a JSON rule file; a missing file or bad JSON is E_RULES_INVALID. */
export function readRuleJson(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new IcdError('E_RULES_INVALID', `cannot read rule file ${path}`, {
      cause: err,
      issues: [{ path: '', message: 'file cannot be read', received: path }],
    });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new IcdError('E_RULES_INVALID', `rule file ${path} is not valid JSON`, {
      cause: err,
      issues: [{ path: '', message: err instanceof Error ? err.message : 'invalid JSON' }],
    });
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Short description of a received value for an issue (never the whole value). */
export function received(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}...` : value);
  if (typeof value === 'object') return 'object';
  return String(value);
}

/** Collects issues; `fail` turns them into one IcdError. */
export class Issues {
  readonly list: Issue[] = [];

  add(path: string, message: string, expected?: string): void {
    this.list.push(expected === undefined ? { path, message } : { path, message, expected });
  }

  /** An issue that also records (a short form of) the value received. */
  bad(path: string, message: string, expected: string, got: unknown): void {
    this.list.push({ path, message, expected, received: received(got) });
  }

  /** Reports every key of `obj` not in `allowed`. */
  keys(obj: Record<string, unknown>, allowed: readonly string[], path: string): void {
    for (const key of Object.keys(obj)) {
      if (!allowed.includes(key)) this.bad(join2(path, key), 'unknown key', allowed.join(', '), key);
    }
  }

  /** A required string field; returns it, or undefined after recording an issue. */
  string(obj: Record<string, unknown>, key: string, path: string, optional = false): string | undefined {
    const v = obj[key];
    if (v === undefined) {
      if (!optional) this.add(join2(path, key), 'required', 'string');
      return undefined;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      this.bad(join2(path, key), 'must be a non-empty string', 'string', v);
      return undefined;
    }
    return v;
  }

  fail(what: string): never {
    const n = this.list.length;
    throw new IcdError('E_RULES_INVALID', `${what} has ${n} problem${n === 1 ? '' : 's'}: ${this.list
      .slice(0, 3)
      .map((i) => `${i.path || '(root)'}: ${i.message}`)
      .join('; ')}${n > 3 ? '; ...' : ''}`, { issues: this.list });
  }
}

/** `rules[3]` + `id` -> `rules[3].id`; `` + `format` -> `format`. */
export function join2(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

// Rule phrases expand to thousands of variants over a few hundred words; without
// a cache, stemming them took ~0.4 s of every engine load (measured here).
const PHRASE_WORDS = new Map<string, string | null>();

/**
 * The word sequences a phrase must match: its normalised words as written in
 * lower case and in capitals. The shared normaliser may read a capitalised short
 * word as an acronym ("MEDS" keeps its "s", "meds" loses it), and notes write
 * headers and whole sentences in capitals, so both spellings are compiled.
 * Duplicates are dropped; an empty array means the phrase has no words.
 */
export function phraseForms(phrase: string): string[][] {
  const lower = termWords(phrase.toLowerCase(), PHRASE_WORDS);
  if (lower.length === 0) return [];
  const upper = termWords(phrase.toUpperCase(), PHRASE_WORDS);
  return upper.length === 0 || upper.join(' ') === lower.join(' ') ? [lower] : [lower, upper];
}
