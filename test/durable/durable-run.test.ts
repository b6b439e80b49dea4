import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ApprovalRequiredError, ReplayDivergenceError } from '../../src/durable/durable-errors.js';
import { FileCheckpointStore } from '../../src/durable/file-checkpoint-store.js';
import type { RunState } from '../../src/durable/run-state.js';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { calls, codeAgent, scripts, sideEffectTools, stepScriptModel, toolCallingAgent } from './support/durable-fixture.js';

const root = mkdtempSync(join(tmpdir(), 'durable-run-'));
after(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
function place() {
  const dir = join(root, String(++count));
  mkdirSync(dir);
  return { store: new FileCheckpointStore(join(dir, 'checkpoints')), file: join(dir, 'calls.log'), dir: join(dir, 'checkpoints') };
}

/** Runs resume-child.ts in a new Node process: nothing of this process's agent survives there. */
async function resumeInChild(dir: string, runId: string, script: string, file: string, ...decisions: string[]) {
  const child = join(import.meta.dirname, 'support', 'resume-child.ts');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child, dir, runId, script, file, ...decisions], { timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as { state?: string; output?: unknown; pending?: Array<{ id: string }>; error?: string; message?: string };
}

/** A run that fails at step 3 (the provider), leaving the checkpoint written after step 2. */
async function interruptedRun(store: FileCheckpointStore, file: string, runId: string): Promise<void> {
  const agent = codeAgent('failsAtStep3', file);
  await assert.rejects(agent.run('add', { checkpoint: store, runId }), /provider down/);
  await agent.dispose();
}

describe('durable runs: checkpoints', () => {
  it('saves memory and the tool-call log after every step', async () => {
    const { store, file } = place();
    const saved: RunState[] = [];
    const spy = { save: async (id: string, state: RunState) => { saved.push(state); await store.save(id, state); }, load: store.load.bind(store), delete: store.delete.bind(store) };
    const agent = codeAgent('threeSteps', file);
    try {
      assert.equal(await agent.run('add', { checkpoint: spy, runId: 'steps' }), '1+2=3');
    } finally {
      await agent.dispose();
    }
    const final = (await store.load('steps'))!;
    assert.equal(final.status, 'done');
    assert.equal(final.output, '1+2=3');
    assert.deepEqual(final.toolCalls.map(({ stepNumber, index, tool, args, result }) => ({ stepNumber, index, tool, args, result })), [
      { stepNumber: 1, index: 1, tool: 'record', args: { item: 'a' }, result: 1 },
      { stepNumber: 2, index: 1, tool: 'record', args: { item: 'b' }, result: 2 },
    ]);
    // One save when each step's code arrives, one per tool call, one per step end, one at the end.
    const afterSteps = saved.filter((state) => state.current === undefined && state.status === 'running').map((state) => state.memory.steps.filter((step) => step.type === 'action').length);
    assert.deepEqual(afterSteps, [1, 2, 3]);
  });

  it('a run whose provider failed keeps its checkpoint, and resumes in a fresh process without redoing a call', async () => {
    const { store, file, dir } = place();
    await interruptedRun(store, file, 'crash');
    assert.deepEqual(calls(file), ['record a', 'record b']);
    const outcome = await resumeInChild(dir, 'crash', 'threeSteps', file);
    // Step 3 reads `first` and `second`: the replay rebuilt them from the log, without calling record again.
    assert.deepEqual(outcome, { state: 'done', output: '1+2=3' });
    assert.deepEqual(calls(file), ['record a', 'record b']);
    assert.equal((await store.load('crash'))!.status, 'done');
  });

  it('a replay whose calls differ from the log fails clearly', async () => {
    const { store, file } = place();
    await interruptedRun(store, file, 'diverge');
    const state = (await store.load('diverge'))!;
    state.toolCalls[1]!.args = { item: 'changed' };
    await store.save('diverge', state);
    const agent = codeAgent('threeSteps', file);
    try {
      await assert.rejects(agent.resume({ store, runId: 'diverge' }), (error: Error) => {
        assert.ok(error instanceof ReplayDivergenceError);
        assert.match(error.message, /call 1 of step 2 is record\(\{"item":"b"\}\), but the log recorded record\(\{"item":"changed"\}\)/);
        return true;
      });
    } finally {
      await agent.dispose();
    }
    assert.deepEqual(calls(file), ['record a', 'record b']);
  });

  it('a replay that makes fewer calls than the log fails clearly', async () => {
    const { store, file } = place();
    await interruptedRun(store, file, 'fewer');
    const state = (await store.load('fewer'))!;
    state.toolCalls.push({ ...state.toolCalls[0]!, index: 2 });
    await store.save('fewer', state);
    const agent = codeAgent('threeSteps', file);
    try {
      await assert.rejects(agent.resume({ store, runId: 'fewer' }), /replaying step 1 made 1 tool calls, but the log has 1 more \(next: record\)/);
    } finally {
      await agent.dispose();
    }
  });

  it('refuses a malformed saved state and an unknown run', async () => {
    const { store, file } = place();
    const agent = codeAgent('threeSteps', file);
    try {
      await assert.rejects(agent.resume({ store, runId: 'none' }), /No checkpoint for run 'none'/);
      await assert.rejects(agent.resume({ version: 1, runId: 'x' } as unknown as RunState), /malformed: no task/);
      await assert.rejects(agent.resume({ store, runId: '../etc' }), /A run id is/);
    } finally {
      await agent.dispose();
    }
  });
});

describe('durable runs: approvals', () => {
  it('pauses inside a loop of code at each call needing approval; approved runs, rejected reaches the code as an error', async () => {
    const { store, file } = place();
    const agent = codeAgent('approvals', file);
    const first = await agent.runDurable('pay', { checkpoint: store, runId: 'pay' });
    await agent.dispose();
    assert.equal(first.state, 'awaiting_approval');
    assert.deepEqual(first.state === 'awaiting_approval' && first.pending, [{ id: 's1c4', tool: 'send', args: { to: 'bob', amount: 20 } }]);
    assert.deepEqual(calls(file), ['record before 5', 'send bob 5', 'record before 20']);

    // Across a restart: the decision is made in a new process from the saved state.
    const second = await resumeInChild(dirOf(store), 'pay', 'approvals', file, 'approve=s1c4');
    assert.equal(second.state, 'awaiting_approval');
    assert.deepEqual(second.pending?.map((call) => call.id), ['s1c6']);
    assert.deepEqual(calls(file), ['record before 5', 'send bob 5', 'record before 20', 'send bob 20', 'record before 30']);

    const third = await resumeInChild(dirOf(store), 'pay', 'approvals', file, 'reject=s1c6');
    assert.equal(third.state, 'done');
    const output = third.output as string[];
    assert.deepEqual(output.slice(0, 2), ['sent 5 to bob', 'sent 20 to bob']);
    assert.match(output[2]!, /^refused: .*The call to 'send' was not approved, so it did not run\. Reason given: not today/);
    assert.deepEqual(calls(file), ['record before 5', 'send bob 5', 'record before 20', 'send bob 20', 'record before 30']);
  });

  it('run() throws ApprovalRequiredError carrying a JSON run state; an unknown id is refused', async () => {
    const { file } = place();
    const agent = codeAgent('approvals', file);
    let pause: ApprovalRequiredError | undefined;
    try {
      await agent.run('pay');
    } catch (error) {
      pause = error as ApprovalRequiredError;
    } finally {
      await agent.dispose();
    }
    assert.ok(pause instanceof ApprovalRequiredError);
    const runState = JSON.parse(JSON.stringify(pause.runState)) as RunState;
    const next = codeAgent('approvals', file);
    try {
      await assert.rejects(next.resume(runState, { approve: ['s9c9'] }), /Cannot approve 's9c9': it is not a call this run waits on \(pending: s1c4\)/);
      const outcome = await next.resume(runState, { reject: [{ id: 's1c4' }] });
      assert.equal(outcome.state, 'awaiting_approval');
      assert.deepEqual(outcome.state === 'awaiting_approval' && outcome.pending.map((call) => call.id), ['s1c6']);
    } finally {
      await next.dispose();
    }
  });

  it('stream() refuses tools needing approval rather than calling them without asking', async () => {
    const { file } = place();
    const agent = codeAgent('approvals', file);
    try {
      assert.throws(() => agent.stream('pay'), /stream\(\) runs without checkpoints or approvals/);
    } finally {
      await agent.dispose();
    }
    assert.deepEqual(calls(file), []);
  });

  it('a tool-calling step pauses on its call needing approval; the others of the step run once', async () => {
    const { file } = place();
    const agent = toolCallingAgent(file);
    const paused = await agent.runDurable('go');
    assert.equal(paused.state, 'awaiting_approval');
    assert.deepEqual(calls(file), ['record x']);
    const resumed = toolCallingAgent(file);
    const outcome = await resumed.resume(paused.runState, { approve: ['s1c2'] });
    assert.equal(outcome.state, 'done');
    assert.deepEqual(calls(file), ['record x', 'send ann 50']);
    assert.equal(resumed.memory.actionSteps[0]!.observations, 'record: 1\nsend: sent 50 to ann');

    const rejected = await toolCallingAgent(file).resume(paused.runState, { reject: [{ id: 's1c2', reason: 'no' }] });
    assert.equal(rejected.state, 'done');
    assert.deepEqual(calls(file), ['record x', 'send ann 50']);
  });
});

describe('FileCheckpointStore', () => {
  it('writes atomically: readers never see a partial file, no temporary file is left', async () => {
    const { store, dir } = place();
    const big = (n: number) => ({ version: 1, runId: 'a', task: 'x'.repeat(200_000) + n, status: 'running', memory: { schemaVersion: 3, systemPrompt: '', steps: [] }, toolCalls: [], pending: [], decisions: {}, updatedAt: '' }) as RunState;
    await store.save('a', big(0));
    const writes = Array.from({ length: 20 }, (_, n) => store.save('a', big(n + 1)));
    const reads = Array.from({ length: 40 }, () => store.load('a'));
    const loaded = await Promise.all(reads);
    await Promise.all(writes);
    // Every read is one whole state (parseRunState would throw on a torn file): an earlier one or a later one.
    for (const state of loaded) assert.match(state!.task, /^x{200000}\d{1,2}$/);
    assert.deepEqual(readdirSync(dir), ['a.json']);
    await store.save('a', big(99));
    // A writer that died before its rename leaves a temporary file beside the checkpoint: the checkpoint is untouched.
    writeFileSync(join(dir, 'a.json.dead.tmp'), '{"version":1,"runId":"a","ta');
    assert.equal((await store.load('a'))!.task, 'x'.repeat(200_000) + '99');
    await store.delete('a');
    assert.equal(await store.load('a'), undefined);
  });
});

function dirOf(store: FileCheckpointStore): string {
  return store.directory;
}

describe('durable runs: an agent used before', () => {
  it('a durable run on a CodeAgent whose sandbox got its tools in a plain run still logs and replays the calls', async () => {
    const { store, file } = place();
    const agent = new CodeAgent({ model: stepScriptModel(scripts.threeSteps!), tools: sideEffectTools(file).filter((one) => one.name === 'record'), logger: false });
    try {
      // A plain run first (no tool needs approval): the sandbox receives the tools before a durable run wraps them.
      assert.equal(await agent.run('add'), '1+2=3');
      const outcome = await agent.runDurable('add', { checkpoint: store, runId: 'used' });
      assert.equal(outcome.state, 'done');
      assert.deepEqual((await store.load('used'))!.toolCalls.map((entry) => entry.args), [{ item: 'a' }, { item: 'b' }]);
    } finally {
      await agent.dispose();
    }
  });
});
