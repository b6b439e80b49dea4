import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { LocalJsExecutor } from '../src/executors/quickjs/local-js-executor.js';
import { snippets } from './snippets.js';
import { ms, sample, table } from './timing.js';

const RUNS = 15;

/**
 * Each snippet in raw QuickJS (evalCode in one context, on this thread, of the quickjs-ng build
 * the sandbox ships) and through LocalJsExecutor.execute (a worker thread, the code rewritten, run
 * through the prelude, the outcome carried back): the difference is the executor's cost.
 */
export async function measureExecutorSnippets(): Promise<string> {
  const module = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-ng-wasmfile-release-sync'));
  const context = module.newContext();
  const executor = new LocalJsExecutor();
  const rows: string[][] = [];
  try {
    await executor.execute('1');
    for (const snippet of snippets) {
      // Alternating the two keeps a load change on this shared machine from favouring one side.
      const raw: number[] = [];
      const wrapped: number[] = [];
      for (let round = 0; round < 3; round++) {
        // A block keeps `let` declarations local, so the same context can run a snippet again.
        raw.push((await sample(() => {
          const handle = context.unwrapResult(context.evalCode(`{${snippet.code}}`));
          const value = context.dump(handle);
          handle.dispose();
          check(snippet.name, 'raw QuickJS', value, snippet.expected);
        }, RUNS)).median);
        wrapped.push((await sample(async () => {
          const result = await executor.execute(snippet.code);
          check(snippet.name, 'LocalJsExecutor', result.output, snippet.expected);
        }, RUNS)).median);
      }
      const rawBest = Math.min(...raw);
      const wrappedBest = Math.min(...wrapped);
      rows.push([snippet.name, ms(rawBest), ms(wrappedBest), `${(wrappedBest / rawBest).toFixed(2)}×`]);
    }
    // What isolation per sandbox costs once per sandbox (each agent, each run with reset).
    const opening = await sample(async () => {
      const fresh = new LocalJsExecutor();
      await fresh.execute('1 + 1');
      await fresh.dispose();
    }, RUNS);
    rows.push(['a new sandbox (own WASM instance) and its first trivial action', '—', ms(opening.median), '—']);
  } finally {
    context.dispose();
    await executor.dispose();
  }
  return [
    `## Executor speed on the snippet set\n`,
    `Best of 3 medians of ${RUNS} runs (after 2 warm-up runs each), raw and executor alternating; raw QuickJS is \`context.evalCode\` on this thread with the same quickjs-ng build. The executor's figure includes the round trip to its worker thread.\n`,
    table(['snippet', 'raw QuickJS', 'LocalJsExecutor', 'ratio'], rows),
    '',
  ].join('\n');
}

function check(name: string, runner: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${runner} computed ${String(actual)} for '${name}', expected ${String(expected)}.`);
}
