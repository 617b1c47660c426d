/**
 * The project's own see-references into the Alphabetic Index
 * (data/text/index-references.json): words notes use for an Index entry that
 * the Index files under another name ("Ex-smoker" for "History, personal,
 * nicotine dependence"). They are resolved in the release being built, so
 * the codes follow the release's edition.
 */
import { join } from 'node:path';
import { PACKAGE_ROOT } from '../paths.js';
import { Issues, isRecord, readRuleJson } from '../sections/rulefile.js';

export interface AddedReference {
  /** The note's word, compiled as an Index term. */
  term: string;
  /** An Index path, written as the Index writes its own references. */
  see: string;
}

/** Validates the file's shape; every problem is reported with its path (E_RULES_INVALID). */
export function parseIndexReferences(data: unknown, what = 'index-references.json'): AddedReference[] {
  const issues: Issues = new Issues(); // annotated, so that `issues.fail` narrows
  if (!isRecord(data)) issues.fail(`${what}: expected an object`);
  issues.keys(data, ['format', 'description', 'references'], '');
  if (data.format !== 1) issues.bad('format', 'unsupported format', '1', data.format);
  issues.string(data, 'description', '');
  const list = Array.isArray(data.references) ? data.references : [];
  if (!Array.isArray(data.references)) issues.bad('references', 'must be an array', 'array', data.references);
  const out: AddedReference[] = [];
  list.forEach((r: unknown, i: number) => {
    const path = `references[${i}]`;
    if (!isRecord(r)) return void issues.bad(path, 'must be an object', 'object', r);
    issues.keys(r, ['term', 'see', 'why'], path);
    const term = issues.string(r, 'term', path);
    const see = issues.string(r, 'see', path);
    issues.string(r, 'why', path);
    if (term !== undefined && see !== undefined) out.push({ term, see });
  });
  if (issues.list.length > 0) issues.fail(what);
  return out;
}

export function readIndexReferences(path = join(PACKAGE_ROOT, 'data/text/index-references.json')): AddedReference[] {
  return parseIndexReferences(readRuleJson(path), path);
}
