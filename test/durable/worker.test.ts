import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { JobEvent } from '../../src/durable/job-events.js';
import { RedisCheckpointStore } from '../../src/durable/redis-checkpoint-store.js';
import { decideRun, submitRun } from '../../src/durable/submit-run.js';
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

  it('a run paused for approval ends its job; decisions sent through the queue resume it on a worker', async () => {
    const file = join(root, 'approve.log');
    await startWorker('approve', file, 0);
    const connection = { connection: redis.url, queue: 'approve', wait: true, timeoutMs: 60_000 };
    const paused = await submitRun({ ...connection, task: 'approvals', runId: 'pay:1' });
    assert.deepEqual(paused.result, { state: 'awaiting_approval', pending: [{ id: 's1c4', tool: 'send', args: { to: 'bob', amount: 20 } }] });
    const again = await decideRun({ ...connection, runId: 'pay:1', approve: ['s1c4'] });
    assert.deepEqual(again.result?.state === 'awaiting_approval' && again.result.pending.map((call) => call.id), ['s1c6']);
    const done = await decideRun({ ...connection, runId: 'pay:1', reject: [{ id: 's1c6', reason: 'over budget' }] });
    assert.equal(done.result?.state, 'done');
    const output = (done.result as { output: string[] }).output;
    assert.deepEqual(output.slice(0, 2), ['sent 5 to bob', 'sent 20 to bob']);
    assert.match(output[2]!, /not approved.*over budget/);
    assert.deepEqual(calls(file), ['record before 5', 'send bob 5', 'record before 20', 'send bob 20', 'record before 30']);
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
