/**
 * A two-fold split for judging rules on data they were not written for. A key
 * (a NegEx sentence group, a Chia document id) goes to fold A or B by one bit of
 * its 32-bit FNV-1a hash: the same key always lands in the same fold, whatever
 * else the file holds or however its rows are ordered, and rows of one sentence
 * (or one document) never straddle the folds.
 *
 * The protocol: read the errors of fold A (`--errors CLASS --fold A`) while
 * writing rules, and judge a change by fold B, which nobody reads.
 */
export type Fold = 'A' | 'B';
export const FOLDS: readonly Fold[] = ['A', 'B'];

/** 32-bit FNV-1a over the UTF-16 code units of `key`. */
export function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The fold of a key. The low bit of FNV-1a is a poor mix, so the top bit is read. */
export function foldOf(key: string): Fold {
  return fnv1a(key) >>> 31 === 0 ? 'A' : 'B';
}

export function isFold(s: string): s is Fold {
  return s === 'A' || s === 'B';
}
