#!/usr/bin/env node
// Runs every *.test.ts under test/ and src/ with Node's test runner (TypeScript through tsx),
// then prints one summary line: "N passed, N failed[, N skipped]".
// Usage: npm test [-- path/to/one.test.ts ...]
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  let found = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (entry === 'node_modules' || entry === 'fixtures') continue;
    if (statSync(path).isDirectory()) found = found.concat(findTests(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

const requested = process.argv.slice(2);
const files = requested.length > 0 ? requested : ['test', 'src'].flatMap((dir) => findTests(dir)).sort();
const child = spawn(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
// The runner's totals ("ℹ pass 12") come before the list of failures, which can be long: keep
// every totals line as it streams by rather than a tail of the output.
let pending = '';
const totals = {};
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  const lines = (pending + chunk.toString()).split('\n');
  pending = lines.pop();
  for (const line of lines) {
    const match = /^ℹ (\w+) (\d+)$/.exec(line.trim());
    if (match) totals[match[1]] = Number(match[2]);
  }
});
child.on('close', (code) => {
  const count = (label) => totals[label] ?? 0;
  const passed = count('pass');
  // A runner that died before printing its totals still failed.
  const failed = count('fail') + count('cancelled') || (code === 0 ? 0 : 1);
  const skipped = count('skipped') + count('todo');
  console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  process.exit(code ?? 1);
});
