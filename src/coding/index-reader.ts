/**
 * Reads the Alphabetic Index through the engine's own lexicon: a phrase such
 * as "personal history of myocardial infarction" or "type 2 diabetes mellitus
 * with chronic kidney disease" is run through `detect`; when one span covers
 * the whole phrase, its top code is the one the Index (or a Tabular title)
 * gives that wording. So history, family-history, status and "with"
 * combination codes come from the release, not from a table of our own.
 */
import type { CodingHost } from './types.js';

/** Composed phrases remembered per engine; they repeat across documents ("family history of ..."). */
const CACHE_LIMIT = 20_000;

export class IndexReader {
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly host: Pick<CodingHost, 'detect'>) {}

  /** The code whose term is exactly `phrase` (whole-phrase match), or null. */
  resolve(phrase: string): string | null {
    const key = phrase.toLowerCase().replace(/\s+/g, ' ').trim();
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    let code: string | null = null;
    for (const s of this.host.detect(key, { context: false, maxCandidates: 1 })) {
      if (s.start === 0 && s.end === key.length) code = s.concepts[0]?.code ?? null;
    }
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, code);
    return code;
  }

  /**
   * The code of the span that starts `phrase`, whole or not: "type 2 diabetes
   * mellitus with chronic kidney disease" reads as E11.22 over its first words,
   * the review having read the Index's "with" in the rest.
   */
  resolveHead(phrase: string): string | null {
    const key = `^${phrase.toLowerCase().replace(/\s+/g, ' ').trim()}`;
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit;
    const text = key.slice(1);
    const first = this.host.detect(text, { context: false, maxCandidates: 1 })[0];
    const code = first !== undefined && first.start === 0 ? (first.concepts[0]?.code ?? null) : null;
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(key, code);
    return code;
  }

  /** The first of `phrases` that resolves, with the phrase that did. */
  first(phrases: Iterable<string>): { code: string; phrase: string } | null {
    for (const phrase of phrases) {
      const code = this.resolve(phrase);
      if (code !== null) return { code, phrase };
    }
    return null;
  }
}

/**
 * The names a condition is known by, most particular first: the note's own
 * words, the code's title without its "unspecified" tail, and its ancestors'
 * titles ("Malignant neoplasm of colon" for C18.9).
 */
export function conditionNames(spanText: string, titles: readonly string[]): string[] {
  const names = [spanText];
  for (const t of titles) {
    names.push(t);
    const trimmed = t
      .replace(/,\s*unspecified.*$/i, '')
      .replace(/\s+without complications?$/i, '')
      .replace(/^(unspecified|other)\s+/i, '');
    names.push(trimmed);
  }
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 0))];
}
