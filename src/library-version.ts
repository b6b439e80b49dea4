import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** This package's version; package.json sits one level above both src/ and dist/. */
export function libraryVersion(): string {
  if (cached !== undefined) return cached;
  try {
    const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
    cached = (JSON.parse(text) as { version?: string }).version ?? 'unknown';
  } catch {
    cached = 'unknown';
  }
  return cached;
}
