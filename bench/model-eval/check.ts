/**
 * Helpers for the tasks' checkers: tolerant of how an answer is written (a number or a sentence,
 * thousands separators, a currency sign, JSON in a string or a code fence, letter case, accents),
 * strict on the facts (each expected number within the precision the prompt asked for).
 */
import type { CheckResult } from './task.js';

/** The answer as text: strings as they are, anything else as JSON. */
export function answerText(answer: unknown): string {
  if (typeof answer === 'string') return answer;
  if (answer === undefined) return '';
  try {
    return JSON.stringify(answer) ?? String(answer);
  } catch {
    return String(answer);
  }
}

/**
 * Every number written in the text, in English notation: `1,234.5`, `1 234` with a no-break or thin
 * space, `-3`, `−3` (a hyphen after a letter or digit is no minus: `SKU-104`, `2024-06-05`). Digits inside words (ISBNs, flight numbers) come out as numbers too; checkers
 * only ask whether an expected value is among them.
 */
export function numbersIn(text: string): number[] {
  const pattern = /(?:(?<![A-Za-z0-9])[-−])?(?:\d{1,3}(?:[,\u00a0\u202f]\d{3})+|\d+)(?:\.\d+)?/g;
  return [...text.matchAll(pattern)].map((match) => Number(match[0].replace(/[,\u00a0\u202f]/g, '').replace('−', '-')));
}

/** Lower case, accents removed, runs of spaces, hyphens and underscores as one space. */
export function normalize(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[\s\-_]+/g, ' ')
    .trim();
}

export function pass(reason: string): CheckResult {
  return { ok: true, reason };
}

export function fail(reason: string): CheckResult {
  return { ok: false, reason };
}

/** Accepts when some number in the answer is within `tolerance` of `expected`. */
export function hasNumber(answer: unknown, label: string, expected: number, tolerance: number): CheckResult {
  const found = typeof answer === 'number' ? [answer] : numbersIn(answerText(answer));
  const match = found.find((value) => Math.abs(value - expected) <= tolerance + 1e-9);
  return match === undefined
    ? fail(`${label}: expected ${expected} (±${tolerance}), found ${found.length > 0 ? found.join(', ') : 'no number'}`)
    : pass(`${label}: ${match}`);
}

/** Accepts when the answer mentions `phrase` (case, accents and hyphenation ignored). */
export function mentions(answer: unknown, label: string, phrase: string): CheckResult {
  return normalize(answerText(answer)).includes(normalize(phrase)) ? pass(`${label}: ${phrase}`) : fail(`${label}: '${phrase}' not mentioned`);
}

/** Accepts when the answer contains `code` (a flight or train number) with or without spaces and hyphens. */
export function mentionsCode(answer: unknown, label: string, code: string): CheckResult {
  const squeeze = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');
  return squeeze(answerText(answer)).includes(squeeze(code)) ? pass(`${label}: ${code}`) : fail(`${label}: '${code}' not mentioned`);
}

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** Accepts when the answer names the day `isoDate` (YYYY-MM-DD) as ISO, "7 June", "June 7th" or "07.06.2024". */
export function mentionsDate(answer: unknown, label: string, isoDate: string): CheckResult {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const text = normalize(answerText(answer));
  const monthName = `(?:${MONTHS[month - 1]!.slice(0, 3)}|${MONTHS[month - 1]})`;
  const dayNumber = `0?${day}(?:st|nd|rd|th)?`;
  const patterns = [
    new RegExp(`\\b${isoDate.replace(/-/g, ' ')}\\b`), // normalize() turned the hyphens into spaces
    new RegExp(`\\b${dayNumber} (?:of )?${monthName}\\b`),
    new RegExp(`\\b${monthName}\\.? ${dayNumber}\\b`),
    new RegExp(`\\b0?${day}[./]0?${month}[./](?:${year}|${year % 100})\\b`),
  ];
  return patterns.some((pattern) => pattern.test(text)) ? pass(`${label}: ${isoDate}`) : fail(`${label}: ${isoDate} not mentioned`);
}

/** All checks must pass; the reason lists each. */
export function allOf(...results: CheckResult[]): CheckResult {
  const failed = results.filter((result) => !result.ok);
  return failed.length > 0 ? fail(failed.map((result) => result.reason).join('; ')) : pass(results.map((result) => result.reason).join('; '));
}

/**
 * A structured answer as a value: objects and arrays as they are, a string parsed as JSON, or the
 * first JSON object or array found in it (inside a code fence, after a sentence). undefined if none.
 */
export function parseStructured(answer: unknown): unknown {
  if (typeof answer !== 'string') return answer;
  const attempt = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined;
    }
  };
  const whole = attempt(answer.trim());
  if (whole !== undefined && typeof whole === 'object') return whole;
  const fenced = /```[a-z]*\s*\n([\s\S]*?)\n\s*```/i.exec(answer);
  if (fenced) {
    const inner = attempt(fenced[1]!.trim());
    if (inner !== undefined) return inner;
  }
  // Whichever bracket opens first is the outer value: `[{...}]` is an array, not its first object.
  const pairs = [['{', '}'], ['[', ']']] as const;
  const opensAt = (open: string) => (answer.includes(open) ? answer.indexOf(open) : Infinity);
  for (const [open, close] of [...pairs].sort((a, b) => opensAt(a[0]) - opensAt(b[0]))) {
    const start = answer.indexOf(open);
    const end = answer.lastIndexOf(close);
    if (start !== -1 && end > start) {
      const inner = attempt(answer.slice(start, end + 1));
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** A number given as a number or as a numeric string ("42.2", "42.2 km"); undefined otherwise. */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const found = numbersIn(value);
  return found.length === 1 ? found[0] : undefined;
}
