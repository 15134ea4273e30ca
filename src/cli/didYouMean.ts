/**
 * "Did you mean …?" for a mistyped command or option: the closest known name by edit distance
 * (insertions, deletions, substitutions and swaps of two neighbours each count 1), or a name the
 * typed text begins. Nothing is suggested when every name is too far to be a typo.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

export function closestName(typed: string, names: readonly string[]): string | undefined {
  const text = typed.toLowerCase();
  if (!text) return undefined;
  const allowed = text.length <= 3 ? 1 : text.length <= 6 ? 2 : 3;
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(text, name.toLowerCase());
    if (distance <= allowed && (!best || distance < best.distance)) best = { name, distance };
  }
  if (best) return best.name;
  const prefixed = names.filter((name) => name.toLowerCase().startsWith(text));
  return text.length >= 2 && prefixed.length === 1 ? prefixed[0] : undefined;
}
