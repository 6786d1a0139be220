// Binary search in ascending offsets: the piece, line or run a position falls in.

/** The last index k with sorted[k] <= x (0 when x is before them all; sorted is not empty). */
export function lastAtOrBefore(sorted: readonly number[], x: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
