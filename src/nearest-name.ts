/** Suggestions for misspelt names (flags, model types, tool names): shared by the CLI and the factories. */

/** The known name closest to `word` (edit distance), if it is close enough to be a likely typo. */
export function nearestName(word: string, names: readonly string[]): string | undefined {
  const target = word.toLowerCase();
  let best: { name: string; distance: number } | undefined;
  for (const name of names) {
    const distance = editDistance(target, name.toLowerCase());
    if (!best || distance < best.distance) best = { name, distance };
  }
  // A third of the word may be wrong (at least 2 edits for short names): "--modle-id", "--json5".
  if (!best || best.distance > Math.max(2, Math.floor(target.length / 3))) return undefined;
  return best.name;
}

/** " Did you mean --model-id?" or "" — ready to append to a message. */
export function didYouMean(word: string, names: readonly string[]): string {
  const nearest = nearestName(word, names);
  return nearest ? ` Did you mean ${nearest}?` : '';
}

/** Levenshtein distance, two rows at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
