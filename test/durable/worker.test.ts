import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobEvent } from '../../src/durable/job-events.js';
import { RedisCheckpointStore } from '../../src/durable/redis-checkpoint-store.js';
import { submitRun } from '../../src/durable/submit-run.js';
import type { RunState } from '../../src/durable/run-state.js';
import { calls } from './support/durable-fixture.js';
import { redisMissing, startRedis, type RedisServer } from './support/redis-server.js';

const root = mkdtempSync(join(tmpdir(), 'durable-worker-'));
let redis: RedisServer;
const children: ChildProcess[] = [];

/** A worker in its own process; resolves once it takes jobs. */
async function startWorker(queue: string, file: string, delayMs: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'support', 'worker-child.ts'), redis.url, queue, file, String(delayMs)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return child;
}

describe('durable workers on a real Redis', { skip: redisMissing }, () => {
  before(async () => {
    redis = await startRedis();
  });
  after(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('a worker SIGKILLed between two steps: another takes the stalled job and resumes it, no completed call redone', async () => {
    const file = join(root, 'kill.log');
    const first = await startWorker('kill', file, 1500);
    const events: JobEvent[] = [];
    let second: Promise<ChildProcess> | undefined;
    const finished = submitRun({
      connection: redis.url,
      queue: 'kill',
      task: 'threeSteps',
      runId: 'killed-run',
      wait: true,
      timeoutMs: 60_000,
      onEvent: (event) => {
        events.push(event);
        // Step 1 ended and its checkpoint is written; the first worker now waits on step 2's model call.
        if (event.type === 'step_end' && event.stepNumber === 1 && !second) {
          first.kill('SIGKILL');
          second = startWorker('kill', file, 0);
        }
      },
    });
    const { result } = await finished;
    assert.ok(second, 'the first worker was killed');
    assert.equal(first.signalCode, 'SIGKILL');
    assert.deepEqual(result, { state: 'done', output: '1+2=3' });
    // Each completed call ran once, though step 1 was replayed by the second worker.
    assert.deepEqual(calls(file), ['record a', 'record b']);
    assert.ok(events.some((event) => event.type === 'final_answer'));
    const store = new RedisCheckpointStore({ connection: redis.url });
    const state = (await store.load('killed-run')) as RunState;
    await store.close();
    assert.equal(state.status, 'done');
    assert.equal(state.toolCalls.length, 2);
  });

  it('RedisCheckpointStore saves, loads, refuses a malformed value and deletes', async () => {
    const store = new RedisCheckpointStore({ connection: redis.url, prefix: 'test:' });
    try {
      const state = { version: 1, runId: 'r', task: 't', status: 'running', memory: { schemaVersion: 3, systemPrompt: '', steps: [] }, toolCalls: [], pending: [], decisions: {}, updatedAt: '' } as RunState;
      await store.save('r', state);
      assert.deepEqual(await store.load('r'), state);
      await store.save('bad', { nonsense: true } as unknown as RunState);
      await assert.rejects(store.load('bad'), /checkpoint of run 'bad' in Redis is malformed/);
      await store.delete('r');
      assert.equal(await store.load('r'), undefined);
    } finally {
      await store.close();
    }
  });
});
