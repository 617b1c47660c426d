/** Detect options: defaults and validation, with errors that name the option. */
import { IcdError, type Issue } from './errors.js';
import type { DetectOptions, Genre, MatchKind } from './types.js';

export interface ResolvedDetectOptions {
  match: MatchKind;
  maxCandidates: number;
  context: boolean;
  affirmedOnly: boolean;
  minScore: number;
  refine: boolean;
  genre: Genre;
  maxSpans: number;
}

export const DETECT_DEFAULTS: Readonly<ResolvedDetectOptions> = {
  match: 'leftmost-longest',
  maxCandidates: 5,
  context: true,
  affirmedOnly: false,
  minScore: 0,
  refine: true,
  genre: 'clinical',
  maxSpans: 200_000,
};

const KNOWN = new Set(Object.keys(DETECT_DEFAULTS));

export function validateDetectOptions(o: DetectOptions): ResolvedDetectOptions {
  if (o === DETECT_DEFAULTS) return DETECT_DEFAULTS;
  const issues: Issue[] = [];
  if (o === null || typeof o !== 'object') {
    throw new IcdError('E_OPTION_INVALID', 'detect options must be an object');
  }
  for (const k of Object.keys(o)) {
    if (!KNOWN.has(k)) issues.push({ path: k, message: 'unknown option' });
  }
  const r: ResolvedDetectOptions = { ...DETECT_DEFAULTS };
  if (o.match !== undefined) {
    if (o.match === 'leftmost-longest' || o.match === 'overlapping') r.match = o.match;
    else issues.push({ path: 'match', message: 'unknown match kind', expected: "'leftmost-longest' | 'overlapping'", received: String(o.match) });
  }
  if (o.maxCandidates !== undefined) {
    if (Number.isInteger(o.maxCandidates) && o.maxCandidates >= 1) r.maxCandidates = o.maxCandidates;
    else issues.push({ path: 'maxCandidates', message: 'must be an integer >= 1', received: String(o.maxCandidates) });
  }
  for (const k of ['context', 'affirmedOnly', 'refine'] as const) {
    const v = o[k];
    if (v === undefined) continue;
    if (typeof v === 'boolean') r[k] = v;
    else issues.push({ path: k, message: 'must be a boolean', received: String(v) });
  }
  if (o.maxSpans !== undefined) {
    if (Number.isSafeInteger(o.maxSpans) && o.maxSpans >= 1) r.maxSpans = o.maxSpans;
    else issues.push({ path: 'maxSpans', message: 'must be an integer >= 1', received: String(o.maxSpans) });
  }
  if (o.genre !== undefined) {
    if (o.genre === 'clinical' || o.genre === 'criteria') r.genre = o.genre;
    else issues.push({ path: 'genre', message: 'unknown genre', expected: "'clinical' | 'criteria'", received: String(o.genre) });
  }
  if (o.minScore !== undefined) {
    if (typeof o.minScore === 'number' && o.minScore >= 0 && o.minScore <= 1) r.minScore = o.minScore;
    else issues.push({ path: 'minScore', message: 'must be a number in [0, 1]', received: String(o.minScore) });
  }
  if (issues.length > 0) {
    throw new IcdError('E_OPTION_INVALID', `invalid detect options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  return r;
}
