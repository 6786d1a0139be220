// Binary search in ascending offsets: the piece, line or run a position falls in.

/**
 * The last index k < length with sorted[k] <= x (0 when x is before them all; length > 0).
 * `length`: the filled part of a growing typed array.
 */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number, length = sorted.length): number {
  let lo = 0;
  let hi = length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
