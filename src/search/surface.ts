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
