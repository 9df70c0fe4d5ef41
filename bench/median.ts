/** The median of round trips in nanoseconds, in milliseconds. */
export function medianMs(samples: readonly bigint[]): number {
  return median(samples.map(Number)) / 1e6;
}

/** The median of `values`: the mean of the middle two when their count is even. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The `p`-th percentile of `values` (0 < p <= 100), nearest rank: the
 * smallest sample that at least p % of the samples do not exceed.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new Error('percentile of no samples');
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}
