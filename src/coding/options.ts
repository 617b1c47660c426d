/** Code options: defaults and validation, with errors that name the option. */
import { IcdError, type Issue } from '../errors.js';
import type { CodeOptions, ResolvedCodeOptions } from './types.js';

export const CODE_DEFAULTS: Readonly<ResolvedCodeOptions> = { setting: 'outpatient', minScore: 0 };

export function validateCodeOptions(o: CodeOptions): ResolvedCodeOptions {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new IcdError('E_OPTION_INVALID', 'code options must be an object');
  const issues: Issue[] = [];
  for (const k of Object.keys(o)) if (!(k in CODE_DEFAULTS)) issues.push({ path: k, message: 'unknown option' });
  const r: ResolvedCodeOptions = { ...CODE_DEFAULTS };
  if (o.setting !== undefined) {
    if (o.setting === 'outpatient' || o.setting === 'inpatient') r.setting = o.setting;
    else issues.push({ path: 'setting', message: 'unknown setting', expected: "'outpatient' | 'inpatient'", received: String(o.setting) });
  }
  if (o.minScore !== undefined) {
    if (typeof o.minScore === 'number' && o.minScore >= 0 && o.minScore <= 1) r.minScore = o.minScore;
    else issues.push({ path: 'minScore', message: 'must be a number in [0, 1]', received: String(o.minScore) });
  }
  if (issues.length > 0) throw new IcdError('E_OPTION_INVALID', `invalid code options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  return r;
}
