/**
 * `npm run bench`: the figures DESIGN §6 asks for, printed as markdown tables.
 * 1. framework overhead per step (scripted instant model and tool), 2. executor speed on a fixed
 * snippet set against raw QuickJS, 3. CLI cold start to first model request, 4. memory and wall
 * time of 100 concurrent runs, 5. one web agent run in Chromium. Nothing here is asserted: the numbers go to docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureAgentOverhead } from './agent-overhead.js';
import { measureCliColdStart } from './cli-cold-start.js';
import { measureConcurrentRuns } from './concurrency.js';
import { measureExecutorSnippets } from './executor-snippets.js';
import { measureLongRun } from './long-run.js';
import { measureTokenEstimate } from './token-estimate.js';
import { measurePyodideExecutor } from './pyodide-executor.js';
import { measureWebAgentRun } from './webagent-run.js';

function concurrencyInFreshProcess(): string {
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), 'concurrency'], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`The concurrency bench failed:\n${child.stderr}`);
  return child.stdout.slice(child.stdout.indexOf('## '));
}

async function main(): Promise<void> {
  const only = new Set(process.argv.slice(2));
  const wanted = (name: string) => only.size === 0 || only.has(name);
  console.log(`# smolagents-ts benchmarks\n\nnode ${process.version}, ${process.platform}/${process.arch}, ${new Date().toISOString()}\n`);
  if (wanted('overhead')) console.log(await measureAgentOverhead());
  if (wanted('executor')) console.log(await measureExecutorSnippets());
  if (wanted('pyodide')) console.log(await measurePyodideExecutor());
  if (wanted('cold-start')) console.log(await measureCliColdStart());
  if (wanted('long-run')) console.log(await measureLongRun());
  if (wanted('tokens')) console.log(await measureTokenEstimate());
  // WEBAGENT_SCREENSHOT=path also writes the product page's screenshot there (docs/images/ for docs/webagent.md).
  if (wanted('webagent')) console.log(await measureWebAgentRun({ screenshotPath: process.env['WEBAGENT_SCREENSHOT'] }));
  if (only.has('concurrency')) console.log(await measureConcurrentRuns());
  // In a fresh process: the QuickJS WASM memory grown by the benches above never shrinks, which
  // would hide the memory the 100 agents take.
  else if (only.size === 0) console.log(concurrencyInFreshProcess());
}

await main();
