import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startOpenAIWireServer } from '../test/support/openai-wire-server.js';
import { ms, table } from './timing.js';

const RUNS = 10;
const CLI = 'dist/cli/smolagent.js';

/**
 * Time from spawning the built CLI to the first chat-completions request reaching a local server,
 * and to the process exiting after a one-step run. Needs `npm run build` first.
 */
export async function measureCliColdStart(): Promise<string> {
  if (!existsSync(CLI)) return `## CLI cold start\n\nSkipped: ${CLI} is missing; run \`npm run build\` first.\n`;
  const toRequest: number[] = [];
  const toExit: number[] = [];
  for (let index = 0; index < RUNS + 1; index++) {
    let firstRequestAt = 0;
    const server = await startOpenAIWireServer({
      replies: () => {
        firstRequestAt ||= performance.now();
        return { content: 'Thought: done\n```js\nfinal_answer("ok")\n```' };
      },
    });
    const start = performance.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'say ok', '--model-type', 'OpenAIServerModel', '--model-id', 'bench', '--api-base', server.url, '--api-key', 'x', '--quiet'], {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, NO_COLOR: '1' },
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`CLI exited with ${code}`))));
    });
    const end = performance.now();
    await server.close();
    if (index === 0) continue; // the first spawn warms the OS file cache
    toRequest.push(firstRequestAt - start);
    toExit.push(end - start);
  }
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return [
    `## CLI cold start\n`,
    `\`node ${CLI} "say ok" --model-type OpenAIServerModel --api-base <local server> --quiet\`, ${RUNS} runs (after one unmeasured), median.\n`,
    table(['measure', 'median'], [
      ['spawn → first model request', ms(median(toRequest))],
      ['spawn → exit (one-step run, final answer)', ms(median(toExit))],
    ]),
    '',
  ].join('\n');
}
