/**
 * Binary searches over the first `n` values of a sorted array (token offsets,
 * trigger starts, header starts), shared by the sentence reader and the
 * context engine.
 */

/** First index below `n` whose value is at or above `x` (`n` when none); `from`: where the search starts, every value before it being below `x`. */
export function lowerBound(values: ArrayLike<number>, n: number, x: number, from = 0): number {
  let lo = from;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) >= x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** First index below `n` whose value is above `x` (`n` when none). */
export function upperBound(values: ArrayLike<number>, n: number, x: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) > x) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
