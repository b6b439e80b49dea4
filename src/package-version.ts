import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package's version; package.json sits one level up from both src/ and dist/. */
export function packageVersion(): string {
  if (cached) return cached;
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    cached = (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
