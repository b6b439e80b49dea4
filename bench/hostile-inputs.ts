import { formatJsonWithin } from '../src/agents/format-json.js';
import { transformCode } from '../src/executors/quickjs/transform-code.js';
import { ms, sample, table } from './timing.js';

const RUNS = 5;

/**
 * Host-side work that a hostile action shapes (issue 8's follow-up): the code rewrite of crafted
 * code, and rendering a value the sandbox returned for the model. Measured on this thread.
 * The rewrite runs on a sandbox's worker thread in production, where no interrupt reaches it; the
 * rendering runs on the host's own thread.
 */
export async function measureHostileInputs(): Promise<string> {
  const rows: string[][] = [];
  const names = new Set(['tick', 'final_answer']);

  const chain = `const o = { get a() { return o; } };\nconst same = o${'.a'.repeat(30_000)} === o;\n[same, tick()]`;
  rows.push(['code rewrite: a chain of 30,000 property reads (180 KB)', ms((await sample(() => transformCode(chain, names), RUNS)).median)]);
  const items = Array.from({ length: 60_000 }, (_, index) => (index % 1_000 === 0 ? 'tick()' : '0')).join(',');
  const nested = `const nested = ${'['.repeat(700)}${items}${']'.repeat(700)};\nnested.length`;
  rows.push(['code rewrite: a 60,000-item list nested 700 deep (120 KB)', ms((await sample(() => transformCode(nested, names), RUNS)).median)]);
  const calls = `const all = [${Array.from({ length: 50_000 }, () => 'tick()').join(',')}];\nall.length`;
  rows.push(['code rewrite: 50,000 tool calls to await (350 KB)', ms((await sample(() => transformCode(calls, names), RUNS)).median)]);

  // The widest value nested as deep as the bridge lets through (100 levels), at the default
  // maxValueChars: a list of 450,000 zeros is about 900 KB of JSON.
  let wide: unknown = Array.from({ length: 450_000 }, () => 0);
  for (let level = 0; level < 99; level++) wide = [wide];
  const stringified = await sample(() => JSON.stringify(wide, null, 2), 3, 1);
  const budgeted = await sample(() => formatJsonWithin(wide, 20_000), RUNS);
  rows.push([`render for the model: 450,000 zeros nested 100 deep, JSON.stringify(value, null, 2) (${(JSON.stringify(wide, null, 2).length / 1e6).toFixed(0)} M characters built)`, ms(stringified.median)]);
  rows.push(['render for the model: the same, formatJsonWithin(value, 20,000) (20,000 characters built, the rest counted)', ms(budgeted.median)]);
  let deep: unknown = Array.from({ length: 60_000 }, (_, index) => index);
  for (let level = 0; level < 16_000; level++) deep = [deep];
  rows.push(['render for the model: 60,000 numbers nested 16,000 deep (refused at the bridge now; JSON.stringify throws RangeError here), formatJsonWithin', ms((await sample(() => formatJsonWithin(deep, 20_000), RUNS)).median)]);

  return [
    '## Hostile inputs on the host\n',
    `Median of ${RUNS} runs (JSON.stringify: of 3) after warm-up, on the bench's thread.\n`,
    table(['work', 'time'], rows),
    '',
  ].join('\n');
}
