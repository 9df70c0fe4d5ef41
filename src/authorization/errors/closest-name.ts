/**
 * The candidate `name` was most likely meant to be: the same but for case
 * and underscores (`is_public`, `isPublic`), else the nearest by edit
 * distance, if near enough to be a typo. Undefined when none is.
 */
export function closestName(
  name: string,
  candidates: Iterable<string>,
): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/_/g, '');
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    if (plain(candidate) === plain(name)) return candidate;
    const distance = editDistance(plain(name), plain(candidate));
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
