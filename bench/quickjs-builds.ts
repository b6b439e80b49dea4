import { newQuickJSWASMModuleFromVariant } from 'quickjs-emscripten-core';
import { snippets } from './snippets.js';
import { ms, sample, table } from './timing.js';

const RUNS = 11;

/**
 * The two sync release builds of quickjs-emscripten 0.32, raw (`evalCode` on this thread): bellard
 * QuickJS 2025-09-13 (a dev dependency, kept for this comparison) and quickjs-ng 0.12.1 (what the
 * sandbox ships, for its TypedArray fixes: see src/executors/quickjs/guest-hardening.ts).
 */
export async function measureQuickJsBuilds(): Promise<string> {
  const builds = [
    { name: 'bellard 2025-09-13', context: (await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-wasmfile-release-sync'))).newContext() },
    { name: 'quickjs-ng 0.12.1', context: (await newQuickJSWASMModuleFromVariant(import('@jitl/quickjs-ng-wasmfile-release-sync'))).newContext() },
  ];
  const rows: string[][] = [];
  for (const snippet of snippets.filter((item) => item.name !== 'trivial statement')) {
    const best = builds.map(() => Infinity);
    for (let round = 0; round < 3; round++) {
      for (const [index, { context }] of builds.entries()) {
        const timing = await sample(() => context.unwrapResult(context.evalCode(`{${snippet.code}}`)).dispose(), RUNS);
        best[index] = Math.min(best[index]!, timing.median);
      }
    }
    rows.push([snippet.name, ms(best[0]!), ms(best[1]!), `${(best[1]! / best[0]!).toFixed(2)}×`]);
  }
  for (const { context } of builds) context.dispose();
  return [
    `## QuickJS builds compared\n`,
    `Raw \`evalCode\`, best of 3 medians of ${RUNS} runs, the builds alternating.\n`,
    table(['snippet', 'bellard', 'quickjs-ng', 'ng / bellard'], rows),
    '',
  ].join('\n');
}
