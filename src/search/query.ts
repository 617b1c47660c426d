/**
 * A search query read into words, with the same tokenizer and normaliser as
 * detection, and its options checked. Errors name the option.
 */
import { IcdError, type Issue } from '../errors.js';
import { scanRaw } from '../text/tokenize.js';
import { normalizeWord, shapeOf } from '../text/word.js';
import { foldSurface } from './surface.js';
import { SEARCH_DEFAULTS, SEARCH_LIMITS, type SearchOptions } from './types.js';

export interface QueryWord {
  /** As typed. */
  written: string;
  /** Lower case, no diacritics: compared with the release's words letter by letter. */
  folded: string;
  /** The detection normaliser's form; null for a stopword. */
  norm: string | null;
  /** Dotless upper-case code prefix when the word has the shape of one ("E11.2", "e112"). */
  code: string | null;
  /** A connective ("with", "in", "due"): it counts when a term has it, but a term need not. */
  optional: boolean;
}

/** Words a title uses to join its parts; a query that leaves them out still matches. */
const CONNECTIVES: ReadonlySet<string> = new Set(['with', 'w', 'in', 'due', 'to', 'for', 'by', 'and', 'or', 'on', 'at', 'from', 'as']);

const CODE_SHAPE = /^[a-z][0-9](?:[0-9a-z](?:\.?[0-9a-z]{1,4})?)?$/;

export interface ResolvedSearchOptions {
  limit: number;
  billableOnly: boolean;
}

export function validateSearchOptions(o: SearchOptions): ResolvedSearchOptions {
  if (o === null || typeof o !== 'object') throw new IcdError('E_OPTION_INVALID', 'search options must be an object');
  const issues: Issue[] = [];
  for (const k of Object.keys(o)) if (k !== 'limit' && k !== 'billableOnly') issues.push({ path: k, message: 'unknown option' });
  const r: ResolvedSearchOptions = { ...SEARCH_DEFAULTS };
  if (o.limit !== undefined) {
    if (Number.isInteger(o.limit) && o.limit >= 1 && o.limit <= SEARCH_LIMITS.maxLimit) r.limit = o.limit;
    else issues.push({ path: 'limit', message: `must be an integer in [1, ${SEARCH_LIMITS.maxLimit}]`, received: String(o.limit) });
  }
  if (o.billableOnly !== undefined) {
    if (typeof o.billableOnly === 'boolean') r.billableOnly = o.billableOnly;
    else issues.push({ path: 'billableOnly', message: 'must be a boolean', received: String(o.billableOnly) });
  }
  if (issues.length > 0) {
    throw new IcdError('E_OPTION_INVALID', `invalid search options: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`, { issues });
  }
  return r;
}

/** The query's words; stopwords other than a code are left out. Throws E_INPUT_INVALID for a non-string or an over-long query. */
export function readQuery(query: string): QueryWord[] {
  if (typeof query !== 'string') throw new IcdError('E_INPUT_INVALID', `search expects a string, got ${typeof query}`);
  if (query.length > SEARCH_LIMITS.maxChars) {
    throw new IcdError('E_INPUT_INVALID', `search query is longer than ${SEARCH_LIMITS.maxChars} characters`, {
      issues: [{ path: 'query', message: `at most ${SEARCH_LIMITS.maxChars} characters`, received: String(query.length) }],
    });
  }
  const words: QueryWord[] = [];
  scanRaw(
    query,
    (s, e) => {
      const written = query.slice(s, e);
      const folded = foldSurface(written);
      const norm = normalizeWord(written.toLowerCase(), shapeOf(written));
      const code = CODE_SHAPE.test(folded) ? folded.replace('.', '').toUpperCase() : null;
      if (norm === null && code === null) return;
      words.push({ written, folded, norm, code, optional: CONNECTIVES.has(folded) });
    },
    () => {},
  );
  if (words.length > SEARCH_LIMITS.maxWords) {
    throw new IcdError('E_INPUT_INVALID', `search query has more than ${SEARCH_LIMITS.maxWords} words`, {
      issues: [{ path: 'query', message: `at most ${SEARCH_LIMITS.maxWords} words`, received: String(words.length) }],
    });
  }
  // Two characters name a code range only alone ("E1"): in "t2 diabetes" the word is text.
  if (words.length > 1) for (const w of words) if (w.code !== null && w.code.length < 3) w.code = null;
  // A query of connectives only ("with") asks for them.
  if (words.every((w) => w.optional)) for (const w of words) w.optional = false;
  return words;
}
