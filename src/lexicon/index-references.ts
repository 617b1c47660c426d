/**
 * The project's own see-references into the Alphabetic Index
 * (data/text/index-references.json): words notes use for an Index entry that
 * the Index files under another name ("Ex-smoker" for "History, personal,
 * nicotine dependence"). They are resolved in the release being built, so
 * the codes follow the release's edition.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IcdError, type Issue } from '../errors.js';
import { PACKAGE_ROOT } from '../paths.js';

export interface AddedReference {
  /** The note's word, compiled as an Index term. */
  term: string;
  /** An Index path, written as the Index writes its own references. */
  see: string;
}

/** Validates the file's shape; every problem is reported with its path. */
export function parseIndexReferences(data: unknown, file = 'index-references.json'): AddedReference[] {
  const issues: Issue[] = [];
  const obj = data as Record<string, unknown> | null;
  if (obj === null || typeof obj !== 'object') throw new IcdError('E_RULES_INVALID', `${file}: not a JSON object`);
  if (obj.format !== 1) issues.push({ path: 'format', message: 'unsupported format', expected: '1', received: String(obj.format) });
  if (typeof obj.description !== 'string' || obj.description.length === 0) issues.push({ path: 'description', message: 'provenance description required' });
  const list = Array.isArray(obj.references) ? (obj.references as unknown[]) : [];
  if (!Array.isArray(obj.references)) issues.push({ path: 'references', message: 'must be an array' });
  const out: AddedReference[] = [];
  list.forEach((r, i) => {
    const e = r as Record<string, unknown> | null;
    if (e === null || typeof e !== 'object') return void issues.push({ path: `references[${i}]`, message: 'must be an object' });
    for (const k of ['term', 'see', 'why']) {
      if (typeof e[k] !== 'string' || (e[k] as string).trim().length === 0) issues.push({ path: `references[${i}].${k}`, message: 'non-empty string required' });
    }
    if (typeof e.term === 'string' && typeof e.see === 'string') out.push({ term: e.term, see: e.see });
  });
  if (issues.length > 0) {
    throw new IcdError('E_RULES_INVALID', `${file}: ${issues.map((x) => `${x.path}: ${x.message}`).join('; ')}`, { issues });
  }
  return out;
}

export function readIndexReferences(): AddedReference[] {
  const path = join(PACKAGE_ROOT, 'data/text/index-references.json');
  return parseIndexReferences(JSON.parse(readFileSync(path, 'utf8')), path);
}
