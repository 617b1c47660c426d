/** Public types of `engine.search`. */
import type { TermSource } from '../types.js';

export interface SearchOptions {
  /** Most results returned (default 10, at most 500). */
  limit?: number;
  /** Only billable codes (default false: category headers too, when no more specific code matched). */
  billableOnly?: boolean;
}

export interface SearchMatch {
  /** The release term that matched, as the release writes it; the code itself for a code query. */
  term: string;
  /** Where the term comes from (types.ts TermSource), or `code` when the query named the code. */
  source: TermSource | 'code';
  /** The words of `term` that the query matched, as written in `term`. */
  words: string[];
}

export interface SearchResult {
  code: string;
  description: string;
  billable: boolean;
  /** Relevance in [0, 1]; results are sorted by it, billable codes first on ties. */
  score: number;
  matched: SearchMatch;
}

export const SEARCH_DEFAULTS = { limit: 10, billableOnly: false } as const;
export const SEARCH_LIMITS = { maxLimit: 500, maxChars: 500, maxWords: 32 } as const;
