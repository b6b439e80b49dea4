import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { LocalJsExecutor } from '../src/executors/quickjs/local-js-executor.js';
import { snippets } from './snippets.js';
import { ms, sample, table } from './timing.js';

const RUNS = 15;

/** Each snippet in raw QuickJS (evalCode in one context) and through LocalJsExecutor.execute. */
export async function measureExecutorSnippets(): Promise<string> {
  const module = await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'));
  const context = module.newContext();
  const executor = new LocalJsExecutor();
  const rows: string[][] = [];
  try {
    for (const snippet of snippets) {
      // A block keeps `let` declarations local, so the same context can run a snippet again.
      const raw = await sample(() => {
        const handle = context.unwrapResult(context.evalCode(`{${snippet.code}}`));
        const value = context.dump(handle);
        handle.dispose();
        check(snippet.name, 'raw QuickJS', value, snippet.expected);
      }, RUNS);
      const wrapped = await sample(async () => {
        const result = await executor.execute(snippet.code);
        check(snippet.name, 'LocalJsExecutor', result.output, snippet.expected);
      }, RUNS);
      rows.push([snippet.name, ms(raw.median), ms(wrapped.median), `${(wrapped.median / raw.median).toFixed(2)}×`]);
    }
  } finally {
    context.dispose();
    await executor.dispose();
  }
  return [
    `## Executor speed on the snippet set\n`,
    `Median of ${RUNS} runs after 2 warm-up runs; raw QuickJS is \`context.evalCode\` on the same quickjs-emscripten sync build.\n`,
    table(['snippet', 'raw QuickJS', 'LocalJsExecutor', 'ratio'], rows),
    '',
  ].join('\n');
}

function check(name: string, runner: string, actual: unknown, expected: unknown): void {
  if (actual !== expected) throw new Error(`${runner} computed ${String(actual)} for '${name}', expected ${String(expected)}.`);
}
