/**
 * How a word is compared letter by letter (prefixes, one-letter typos): lower
 * case without diacritics, the first steps of the detection normaliser, before
 * it stems. Shared by the index builder and the query reader.
 */
const NON_ASCII = /[^\u0000-\u007f]/;
const COMBINING = /[\u0300-\u036f]/g;

export function foldSurface(word: string): string {
  const lower = word.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(COMBINING, '') : lower;
}

/**
 * True when `a` and `b` are at most one edit apart: one letter inserted,
 * deleted or changed, or two adjacent letters swapped ("anxeity" / "anxiety").
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === la && i === lb) return true;
  if (la === lb) {
    // A change at i, or a swap of i and i + 1.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** [lo, hi) of the sorted words that begin with `prefix`. */
export function prefixRange(sorted: readonly string[], prefix: string): [number, number] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if ((sorted[m] as string) < prefix) lo = m + 1;
    else hi = m;
  }
  // The words that begin with the prefix run from lo to the first one that does not.
  let end = lo;
  let top = sorted.length;
  while (end < top) {
    const m = (end + top) >>> 1;
    if ((sorted[m] as string).startsWith(prefix)) end = m + 1;
    else top = m;
  }
  return [lo, end];
}

/**
 * Indices into `sorted` of the words one edit from `q`. A word one edit away
 * keeps either q's first half or all of q after the half's next letter, so it
 * is in the prefix range of the one or, spelled backwards, of the other:
 * `reversed` is the words spelled backwards and sorted, `order[i]` the index in
 * `sorted` of reversed[i]. Two range reads instead of a pass over the words.
 */
export function oneEditAway(sorted: readonly string[], reversed: readonly string[], order: ArrayLike<number>, q: string): number[] {
  const half = q.length >>> 1;
  const found: number[] = [];
  const [lo, hi] = prefixRange(sorted, q.slice(0, half));
  for (let s = lo; s < hi; s++) if (withinOneEdit(q, sorted[s] as string)) found.push(s);
  const [a, b] = prefixRange(reversed, reverse(q.slice(half + 1)));
  for (let i = a; i < b; i++) {
    const s = order[i] as number;
    if (!(s >= lo && s < hi) && withinOneEdit(q, sorted[s] as string)) found.push(s);
  }
  return found;
}

export function reverse(s: string): string {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}
