/**
 * Which of the page's clickable texts come closest to a text the model asked for, so that "not
 * found" can say what is there instead: the same words in another case or with accents, a text
 * that contains the other, then shared letter pairs (Dice coefficient of bigrams).
 */
export function closestTexts(target: string, candidates: readonly string[], limit = 8): string[] {
  const wanted = normalize(target);
  const unique = [...new Set(candidates.filter((text) => typeof text === 'string' && text.trim() !== ''))];
  const scored = unique.map((text, order) => ({ text, order, score: similarity(wanted, normalize(text)) }));
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((entry) => entry.text);
}

export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a === '' || b === '') return 0;
  if (a.includes(b) || b.includes(a)) return 0.9 * (Math.min(a.length, b.length) / Math.max(a.length, b.length)) + 0.1;
  const pairs = (text: string) => {
    const counts = new Map<string, number>();
    for (let index = 0; index < text.length - 1; index++) {
      const pair = text.slice(index, index + 2);
      counts.set(pair, (counts.get(pair) ?? 0) + 1);
    }
    return counts;
  };
  const left = pairs(a);
  const right = pairs(b);
  let shared = 0;
  for (const [pair, count] of left) shared += Math.min(count, right.get(pair) ?? 0);
  const total = Math.max(1, a.length - 1 + (b.length - 1));
  return (2 * shared) / total;
}

function normalize(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
