/** The median of round trips in nanoseconds, in milliseconds. */
export function medianMs(samples: readonly bigint[]): number {
  if (samples.length === 0) throw new Error('median of no samples');
  const sorted = [...samples].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const middle = sorted.length >> 1;
  const ns =
    sorted.length % 2
      ? Number(sorted[middle])
      : (Number(sorted[middle - 1]) + Number(sorted[middle])) / 2;
  return ns / 1e6;
}
