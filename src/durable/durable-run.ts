import { randomUUID } from 'node:crypto';
import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { DURABLE_LOOP, type ContinueRun, type RunOptions, type RunResult } from '../agents/run-result.js';
import { MEMORY_SCHEMA_VERSION } from '../memory/agent-memory.js';
import type { ModelReply } from '../models/model.js';
import { assertRunId, type CheckpointStore } from './checkpoint-store.js';
import { ApprovalRequiredError, DurableRunError } from './durable-errors.js';
import { installDurableTools, setActiveJournal } from './durable-tool.js';
import { parseRunState } from './parse-run-state.js';
import { RUN_STATE_VERSION, type DurableOutcome, type ResumeOptions, type ResumeSource, type RunState } from './run-state.js';
import { toJson, ToolCallJournal } from './tool-call-journal.js';

/** Starts a durable run: `agent.runDurable(task, options)`. */
export async function runDurable(agent: MultiStepAgent, task: string, options: RunOptions = {}): Promise<DurableOutcome> {
  const runId = options.runId ?? randomUUID();
  assertRunId(runId);
  const store = options.checkpoint as CheckpointStore | undefined;
  const state: RunState = {
    version: RUN_STATE_VERSION,
    runId,
    task,
    status: 'running',
    ...(options.additionalArgs ? { additionalArgs: toJson(options.additionalArgs) as Record<string, unknown> } : {}),
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    memory: { schemaVersion: MEMORY_SCHEMA_VERSION, systemPrompt: '', steps: [] },
    toolCalls: [],
    pending: [],
    decisions: {},
    updatedAt: new Date().toISOString(),
  };
  const { checkpoint: _checkpoint, runId: _runId, continueRun: _continue, ...runOptions } = options;
  return await drive(agent, state, store, runOptions, false);
}

/** Continues a durable run from its saved state: `agent.resume(from, options)`. */
export async function resumeRun(agent: MultiStepAgent, from: ResumeSource, options: ResumeOptions = {}): Promise<DurableOutcome> {
  let store = options.checkpoint;
  let saved: RunState | undefined;
  if (from && typeof from === 'object' && 'store' in from) {
    assertRunId(from.runId);
    store ??= from.store;
    saved = await from.store.load(from.runId);
    if (!saved) throw new DurableRunError(`No checkpoint for run '${from.runId}' in the store.`);
  } else {
    saved = parseRunState(from, 'run state given to resume()');
  }
  const state = structuredClone(parseRunState(saved, `checkpoint of run '${saved.runId}'`));
  if (state.status === 'done') return { state: 'done', output: state.output, runState: state };

  const pendingIds = new Set(state.pending.map((call) => call.id));
  const decided = (id: unknown, what: string) => {
    if (typeof id !== 'string' || !pendingIds.has(id)) {
      const known = [...pendingIds].join(', ') || 'none';
      throw new DurableRunError(`Cannot ${what} '${String(id)}': it is not a call this run waits on (pending: ${known}).`);
    }
    return id;
  };
  for (const id of options.approve ?? []) state.decisions[decided(id, 'approve')] = { approved: true };
  for (const refusal of options.reject ?? []) {
    const reason = typeof refusal?.reason === 'string' ? refusal.reason : undefined;
    state.decisions[decided(refusal?.id, 'reject')] = { approved: false, ...(reason ? { reason } : {}) };
  }
  // Calls still undecided are asked about again when the replay reaches them.
  state.pending = [];
  state.status = 'running';
  agent.memory.load(state.memory);
  const runOptions: RunOptions = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(state.additionalArgs ? { additionalArgs: state.additionalArgs } : {}),
    ...(state.maxSteps !== undefined ? { maxSteps: state.maxSteps } : {}),
  };
  return await drive(agent, state, store, runOptions, true);
}

/** For `run()`: the plain answer (or full result), or the pause as an ApprovalRequiredError. */
export function outcomeValue(outcome: DurableOutcome, returnFullResult: boolean): unknown {
  if (outcome.state === 'awaiting_approval') throw new ApprovalRequiredError(outcome.pending, outcome.runState);
  return returnFullResult ? outcome.result : outcome.output;
}

/**
 * Runs the agent's loop with its tools behind the journal, and saves the state: when a step's reply
 * arrives (so that a crash mid-step goes on from the same reply), after every tool call, after every
 * step, on a pause and at the end.
 */
async function drive(agent: MultiStepAgent, state: RunState, store: CheckpointStore | undefined, options: RunOptions, resuming: boolean): Promise<DurableOutcome> {
  installDurableTools(agent);
  let saving = Promise.resolve();
  const save = (): Promise<void> => {
    state.memory = memoryWithout(agent, state.current?.stepNumber);
    state.updatedAt = new Date().toISOString();
    const snapshot = JSON.stringify(state);
    saving = saving.then(() => store?.save(state.runId, JSON.parse(snapshot) as RunState));
    return saving;
  };
  const journal = new ToolCallJournal(state, save);
  const continueRun: ContinueRun | undefined = resuming
    ? {
        current: state.current,
        beforeReplay: (step) => journal.beginReplay(step.stepNumber),
        afterReplay: (step) => journal.endReplay(step.stepNumber),
      }
    : undefined;
  const signal = options.signal ? AbortSignal.any([options.signal, journal.signal]) : journal.signal;
  setActiveJournal(agent, journal);
  let lastReply: ModelReply | undefined;
  try {
    const events = agent.stream(state.task, { ...options, signal, [DURABLE_LOOP]: true, ...(continueRun ? { continueRun } : {}) });
    let next = await events.next();
    while (!next.done) {
      const event = next.value;
      if (event.type === 'step_start') journal.stepNumber = event.stepNumber;
      else if (event.type === 'model_output') lastReply = event.message;
      else if ((event.type === 'code_action' || event.type === 'tool_call') && state.current?.stepNumber !== event.stepNumber && lastReply) {
        state.current = { stepNumber: event.stepNumber, reply: toJson(withoutRaw(lastReply)) as ModelReply };
        await save();
      } else if (event.type === 'step_end') {
        // A tool-calling step turns the paused call into an error and ends: it is not done, it goes on at resume.
        if (!journal.signal.aborted) {
          state.current = undefined;
          await save();
        }
      }
      next = await events.next();
    }
    const result: RunResult = next.value;
    state.status = 'done';
    state.current = undefined;
    state.output = toJson(result.output);
    await save();
    return { state: 'done', output: result.output, result, runState: structuredClone(state) };
  } catch (error) {
    if (journal.failure) throw journal.failure;
    if (journal.pending.length > 0 && !options.signal?.aborted) {
      state.status = 'awaiting_approval';
      state.pending = [...journal.pending];
      await save();
      return { state: 'awaiting_approval', pending: structuredClone(state.pending), runState: structuredClone(state) };
    }
    await saving.catch(() => undefined);
    throw error;
  } finally {
    setActiveJournal(agent, undefined);
  }
}

/**
 * Memory as saved: without the action step under way (a pause or failure may have pushed it), and
 * without each step's request messages, which repeat the whole history before it (saving them made
 * every checkpoint grow with the square of the run's length); the loop rebuilds requests from the steps.
 */
function memoryWithout(agent: MultiStepAgent, stepNumber: number | undefined): RunState['memory'] {
  const memory = agent.memory.toJSON();
  const last = memory.steps.at(-1);
  if (stepNumber !== undefined && last?.type === 'action' && last.stepNumber === stepNumber) memory.steps.pop();
  for (const step of memory.steps) {
    if (step.type === 'planning') step.modelInputMessages = [];
    else if ('modelInputMessages' in step) delete step.modelInputMessages;
  }
  return memory;
}

function withoutRaw(reply: ModelReply): ModelReply {
  const { raw: _raw, ...rest } = reply as ModelReply & { raw?: unknown };
  return rest;
}
