/**
 * Durable runs (docs/durable-runs.md): what checkpointing costs per step, with the file store and
 * with Redis, and how many runs per minute 1, 2 and 4 worker processes finish from one BullMQ queue.
 * The model is scripted and instant and the tool does nothing, so the figures are the framework's
 * own cost (the loop, the sandbox, the checkpoint writes, BullMQ's round trips). Needs redis-server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { CodeAgent } from '../src/agents/code-agent.js';
import type { CheckpointStore } from '../src/durable/checkpoint-store.js';
import { FileCheckpointStore } from '../src/durable/file-checkpoint-store.js';
import { RedisCheckpointStore } from '../src/durable/redis-checkpoint-store.js';
import { submitRun } from '../src/durable/submit-run.js';
import { ScriptedModel } from '../src/models/scripted-model.js';
import { tool } from '../src/tools/tool.js';
import { redisMissing, startRedis, type RedisServer } from '../test/durable/support/redis-server.js';
import { ms, table } from './timing.js';

const STEPS = 10;
const RUNS = 40;
const noop = tool({ name: 'noop', description: 'Does nothing.', inputSchema: z.object({}), execute: () => 'ok' });

function script(): string[] {
  return [
    ...Array.from({ length: STEPS - 1 }, (_, at) => `Thought: step\n\`\`\`js\nconst r${at} = await noop({});\nconsole.log(r${at});\n\`\`\``),
    'Thought: done\n```js\nfinal_answer("done");\n```',
  ];
}

/** Median time per step of RUNS runs (after a warm-up), each on a new agent: plain, or durable with `store`. */
async function perStep(store: CheckpointStore | undefined): Promise<number> {
  const times: number[] = [];
  for (let run = -3; run < RUNS; run++) {
    const agent = new CodeAgent({ model: new ScriptedModel(script()), tools: [noop], maxSteps: STEPS, logger: false });
    const start = performance.now();
    if (store) await agent.runDurable('bench', { checkpoint: store, runId: `bench-${run + 3}` });
    else await agent.run('bench');
    if (run >= 0) times.push(performance.now() - start);
    await agent.dispose();
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]! / STEPS;
}

async function startWorkers(count: number, redis: RedisServer, queue: string, file: string): Promise<ChildProcess[]> {
  const entry = join(import.meta.dirname, '..', 'test', 'durable', 'support', 'worker-child.ts');
  return await Promise.all(
    Array.from({ length: count }, async () => {
      const child = spawn(process.execPath, ['--import', 'tsx', entry, redis.url, queue, file, '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.once('exit', (code) => reject(new Error(`a bench worker exited with ${code}`)));
      });
      return child;
    }),
  );
}

/** Runs per minute: `jobs` three-step runs submitted at once, timed until the last one finished. */
async function throughput(workers: number, jobs: number, redis: RedisServer, dir: string): Promise<number> {
  const queue = `bench-${workers}`;
  const children = await startWorkers(workers, redis, queue, join(dir, `${queue}.log`));
  try {
    const start = performance.now();
    await Promise.all(Array.from({ length: jobs }, (_, at) => submitRun({ connection: redis.url, queue, task: 'threeSteps', runId: `${queue}-${at}`, wait: true })));
    return (jobs / (performance.now() - start)) * 60_000;
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

export async function measureDurableRuns(): Promise<string> {
  if (redisMissing) return `## Durable runs\n\nSkipped: ${redisMissing}.\n`;
  const dir = mkdtempSync(join(tmpdir(), 'bench-durable-'));
  const redis = await startRedis();
  const redisStore = new RedisCheckpointStore({ connection: redis.url });
  try {
    const plain = await perStep(undefined);
    const file = await perStep(new FileCheckpointStore(join(dir, 'checkpoints')));
    const inRedis = await perStep(redisStore);
    const jobs = 40;
    const rates: string[][] = [];
    for (const workers of [1, 2, 4]) rates.push([String(workers), (await throughput(workers, jobs, redis, dir)).toFixed(0)]);
    return [
      '## Durable runs\n',
      `CodeAgent runs of ${STEPS} steps (a scripted instant model, one instant tool call per step), ${RUNS} runs each, median time per step. A durable run writes a checkpoint when each step's code arrives, after each tool call and after each step (3 writes per step here).\n`,
      table(
        ['run', 'per step', 'checkpoint overhead per step'],
        [
          ['plain `run()`', ms(plain), '—'],
          ['`runDurable()`, FileCheckpointStore', ms(file), ms(file - plain)],
          ['`runDurable()`, RedisCheckpointStore (local redis-server)', ms(inRedis), ms(inRedis - plain)],
        ],
      ),
      '',
      `Throughput of worker processes (concurrency 1 each) on one queue: ${jobs} three-step runs submitted at once, timed until the last answer (each run: BullMQ job, a fresh agent and sandbox, checkpoints in Redis).\n`,
      table(['workers', 'runs per minute'], rates),
      '',
    ].join('\n');
  } finally {
    await redisStore.close();
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
