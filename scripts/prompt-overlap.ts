// Counts the 8-word sequences of our model-facing strings (every string exported by src/prompts/*.ts)
// that also occur in another project's prompt files, e.g. smolagents' prompts/*.yaml. It measures how
// much of our prompts is carried-over text rather than our own writing; their files are read from a
// local folder and never copied here.
//
// Usage: node --import tsx scripts/prompt-overlap.ts DIR [--length N] [--list]
//   DIR         a folder of their prompt files (*.yaml, *.yml, *.txt, *.md)
//   --length N  words per sequence (default 8)
//   --list      also print every shared sequence
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';


/** Lower-case words: letters and digits, so that punctuation, quoting and layout do not matter. */
function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

function sequences(text: string): Set<string> {
  const list = words(text);
  const found = new Set<string>();
  for (let start = 0; start + SEQUENCE_LENGTH <= list.length; start++) found.add(list.slice(start, start + SEQUENCE_LENGTH).join(' '));
  return found;
}

/** Every string reachable from a module's exports (templates, nested groups, examples). */
function collectStrings(value: unknown, into: string[], seen = new Set<unknown>()): void {
  if (typeof value === 'string') into.push(value);
  else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const item of Object.values(value)) collectStrings(item, into, seen);
  }
}

const [theirDirectory, ...flags] = process.argv.slice(2);
const lengthFlag = flags.indexOf('--length');
const SEQUENCE_LENGTH = lengthFlag === -1 ? 8 : Number(flags[lengthFlag + 1]);
if (!theirDirectory || !Number.isInteger(SEQUENCE_LENGTH) || SEQUENCE_LENGTH < 1) {
  console.error('Usage: node --import tsx scripts/prompt-overlap.ts DIR [--length N] [--list]  (N a positive whole number)');
  process.exit(2);
}

const theirs = new Set<string>();
const theirFiles = readdirSync(theirDirectory).filter((name) => /\.(ya?ml|txt|md)$/.test(name));
for (const name of theirFiles) for (const sequence of sequences(readFileSync(join(theirDirectory, name), 'utf8'))) theirs.add(sequence);

const promptsDirectory = join(import.meta.dirname, '..', 'src', 'prompts');
const strings: string[] = [];
for (const name of readdirSync(promptsDirectory).filter((file) => file.endsWith('.ts')).sort()) {
  collectStrings(await import(pathToFileURL(join(promptsDirectory, name)).href), strings);
}
const ours = new Set<string>();
for (const text of new Set(strings)) for (const sequence of sequences(text)) ours.add(sequence);

const shared = [...ours].filter((sequence) => theirs.has(sequence));
const percent = ours.size === 0 ? 0 : (100 * shared.length) / ours.size;
console.log(
  `${shared.length} of our ${ours.size} distinct ${SEQUENCE_LENGTH}-word sequences (${percent.toFixed(1)}%) occur in ${theirFiles.length} files of ${theirDirectory}`,
);
if (flags.includes('--list')) for (const sequence of shared.sort()) console.log(`  ${sequence}`);
