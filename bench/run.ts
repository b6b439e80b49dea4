/**
 * `npm run bench`: the figures DESIGN §6 asks for, printed as markdown tables.
 * Framework overhead per step (scripted instant model and tool), executor speed on a fixed snippet
 * set against raw QuickJS, the Python sandbox, CLI cold start to first model request, one web agent
 * run in Chromium; then, each in a fresh process: host event-loop lag while sandboxes compute, how
 * soon code that never yields is stopped, memory after many sandboxes were freed, memory and wall
 * time of 100 and 1,000 concurrent runs; checkpoint overhead per step and worker throughput (durable). Nothing here is asserted: the numbers go to
 * docs/benchmarks.md.
 */
import { measureAbortLatency } from './abort-latency.js';
import { measureAgentOverhead } from './agent-overhead.js';
import { measureCliColdStart } from './cli-cold-start.js';
import { measureConcurrentRuns } from './concurrency.js';
import { measureDurableRuns } from './durable-runs.js';
import { measureEventLoopLag } from './event-loop-lag.js';
import { measureExecutorSnippets } from './executor-snippets.js';
import { measureHostileInputs } from './hostile-inputs.js';
import { measureLongRun } from './long-run.js';
import { measureTokenEstimate } from './token-estimate.js';
import { sectionInFreshProcess } from './fresh-process.js';
import { measureSandboxCleanup } from './sandbox-cleanup.js';
import { measurePyodideExecutor } from './pyodide-executor.js';
import { measureQuickJsBuilds } from './quickjs-builds.js';
import { measureWebAgentRun } from './webagent-run.js';

/** Sections that run in a fresh process (clean heap, and a frozen host is reported, not waited for). */
const freshProcessSections: Record<string, { limitSeconds: number; run: () => Promise<void> }> = {
  lag: { limitSeconds: 240, run: () => measureEventLoopLag(console.log) },
  abort: { limitSeconds: 120, run: () => measureAbortLatency(console.log) },
  cleanup: { limitSeconds: 300, run: async () => console.log(await measureSandboxCleanup()) },
  concurrency: { limitSeconds: 120, run: async () => console.log(await measureConcurrentRuns(100)) },
  'concurrency-1000': { limitSeconds: 300, run: async () => console.log(await measureConcurrentRuns(1000)) },
};

async function main(): Promise<void> {
  const child = process.env.SMOLAGENTS_BENCH_CHILD;
  if (child) return freshProcessSections[child]!.run();
  const only = new Set(process.argv.slice(2));
  const wanted = (name: string) => only.size === 0 || only.has(name);
  console.log(`# smolagents-ts benchmarks\n\nnode ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString()}\n`);
  if (wanted('overhead')) console.log(await measureAgentOverhead());
  if (wanted('executor')) console.log(await measureExecutorSnippets());
  if (wanted('hostile')) console.log(await measureHostileInputs());
  if (wanted('builds')) console.log(await measureQuickJsBuilds());
  if (wanted('pyodide')) console.log(await measurePyodideExecutor());
  if (wanted('cold-start')) console.log(await measureCliColdStart());
  if (wanted('long-run')) console.log(await measureLongRun());
  if (wanted('tokens')) console.log(await measureTokenEstimate());
  if (wanted('durable')) console.log(await measureDurableRuns());
  // WEBAGENT_SCREENSHOT=path also writes the product page's screenshot there (docs/images/ for docs/webagent.md).
  if (wanted('webagent')) console.log(await measureWebAgentRun({ screenshotPath: process.env['WEBAGENT_SCREENSHOT'] }));
  for (const [name, section] of Object.entries(freshProcessSections)) {
    if (wanted(name)) console.log(await sectionInFreshProcess(name, section.limitSeconds));
  }
}

await main();
