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
