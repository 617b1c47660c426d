/**
 * Section rule file: load and validate. Every problem is reported at once with
 * its path (`sections[4].headers[2]`), unknown keys are rejected, ids, names and
 * normalised headers must be unique.
 */
import type { Issue } from '../errors.js';
import { Issues, isRecord, phraseForms, readRuleJson, repoFile } from './rulefile.js';
import { ASSERTION_CATEGORIES, type AssertionCategory, type SectionFile, type SectionRule } from './types.js';

/** Path of the repository's section file, relative to the package root. */
export const DEFAULT_SECTIONS_FILE = 'data/context/sections.json';

const ROOT_KEYS = ['format', 'description', 'sources', 'sections'] as const;
const SECTION_KEYS = ['id', 'name', 'headers', 'category', 'source', 'note'] as const;
const ID = /^[a-z][a-z0-9]*(\.[a-z0-9_]+)+$/;
const NAME = /^[a-z][a-z0-9_]*$/;

export type SectionParseResult = { ok: true; value: SectionFile } | { ok: false; issues: Issue[] };

/** Validates a parsed section file; never throws. */
export function safeParseSectionRules(json: unknown): SectionParseResult {
  const issues = new Issues();
  if (!isRecord(json)) {
    issues.bad('', 'a section file is an object', '{"format": 1, "sources": {...}, "sections": [...]}', json);
    return { ok: false, issues: issues.list };
  }
  issues.keys(json, ROOT_KEYS, '');
  if (json.format !== 1) issues.bad('format', 'unsupported format', '1', json.format);
  if (json.description !== undefined) issues.string(json, 'description', '', true);
  const sources = parseSources(json.sources, issues);
  const sections: SectionRule[] = [];
  if (!Array.isArray(json.sections)) {
    issues.bad('sections', 'required array', 'array', json.sections);
  } else {
    const ids = new Map<string, number>();
    const names = new Map<string, number>();
    const headerOwner = new Map<string, string>();
    json.sections.forEach((raw: unknown, i: number) => {
      const path = `sections[${i}]`;
      if (!isRecord(raw)) {
        issues.bad(path, 'a section is an object', 'object', raw);
        return;
      }
      issues.keys(raw, SECTION_KEYS, path);
      const id = issues.string(raw, 'id', path);
      if (id !== undefined) {
        if (!ID.test(id)) issues.bad(`${path}.id`, 'ids are dotted lower-case words', 'e.g. sec.family_history', id);
        const first = ids.get(id);
        if (first !== undefined) issues.bad(`${path}.id`, `duplicate id, first used by sections[${first}]`, 'unique id', id);
        else ids.set(id, i);
      }
      const name = issues.string(raw, 'name', path);
      if (name !== undefined) {
        if (!NAME.test(name)) issues.bad(`${path}.name`, 'names are lower-case snake_case', 'e.g. family_history', name);
        const first = names.get(name);
        if (first !== undefined) issues.bad(`${path}.name`, `duplicate name, first used by sections[${first}]`, 'unique name', name);
        else names.set(name, i);
      }
      const headers: string[] = [];
      if (!Array.isArray(raw.headers) || raw.headers.length === 0) {
        issues.bad(`${path}.headers`, 'required non-empty array of strings', 'string[]', raw.headers);
      } else {
        raw.headers.forEach((h: unknown, j: number) => {
          const hp = `${path}.headers[${j}]`;
          if (typeof h !== 'string' || h.trim() === '') {
            issues.bad(hp, 'must be a non-empty string', 'string', h);
            return;
          }
          const forms = phraseForms(h);
          if (forms.length === 0) {
            issues.bad(hp, 'normalises to no words (only stopwords or punctuation)', 'a header with words', h);
            return;
          }
          for (const words of forms) {
            const key = words.join(' ');
            const owner = headerOwner.get(key);
            if (owner !== undefined && owner !== path) {
              issues.bad(hp, `normalises to the same words as a header of ${owner}`, 'headers unique across sections', h);
              return;
            }
          }
          for (const words of forms) headerOwner.set(words.join(' '), path);
          headers.push(h);
        });
      }
      let category: AssertionCategory | undefined;
      if (raw.category !== undefined) {
        if (typeof raw.category === 'string' && (ASSERTION_CATEGORIES as readonly string[]).includes(raw.category)) {
          category = raw.category as AssertionCategory;
        } else {
          issues.bad(`${path}.category`, 'unknown category', ASSERTION_CATEGORIES.join(', '), raw.category);
        }
      }
      const source = issues.string(raw, 'source', path);
      if (source !== undefined && sources !== undefined && !(source in sources)) {
        issues.bad(`${path}.source`, 'not a key of sources', Object.keys(sources).join(', '), source);
      }
      const note = raw.note === undefined ? undefined : issues.string(raw, 'note', path, true);
      if (id !== undefined && name !== undefined && source !== undefined) {
        const rule: SectionRule = { id, name, headers, source };
        if (category !== undefined) rule.category = category;
        if (note !== undefined) rule.note = note;
        sections.push(rule);
      }
    });
  }
  if (issues.list.length > 0) return { ok: false, issues: issues.list };
  const file: SectionFile = { format: 1, sources: sources ?? {}, sections };
  if (typeof json.description === 'string') file.description = json.description;
  return { ok: true, value: file };
}

/** Validates a parsed section file; throws IcdError('E_RULES_INVALID') listing every issue. */
export function parseSectionRules(json: unknown): SectionFile {
  const result = safeParseSectionRules(json);
  if (result.ok) return result.value;
  const issues = new Issues();
  issues.list.push(...result.issues);
  return issues.fail('section rule file');
}

/** Reads and validates a section file (default: the repository's data/context/sections.json). */
export function loadSectionRules(path: string = repoFile(DEFAULT_SECTIONS_FILE)): SectionFile {
  return parseSectionRules(readRuleJson(path));
}

/** `sources`: an object of non-empty strings (source key -> citation). */
export function parseSources(value: unknown, issues: Issues): Record<string, string> | undefined {
  if (!isRecord(value)) {
    issues.bad('sources', 'required object: source key -> citation', 'object', value);
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [key, citation] of Object.entries(value)) {
    if (typeof citation !== 'string' || citation.trim() === '') {
      issues.bad(`sources.${key}`, 'a citation is a non-empty string', 'string', citation);
    } else {
      out[key] = citation;
    }
  }
  return out;
}
