import type { QueueEvents } from 'bullmq';
import { importOptional } from '../optional-dependency.js';
import { assertRunId } from './checkpoint-store.js';
import type { JobEvent } from './job-events.js';
import { openRedis, type RedisConnection } from './redis-connection.js';
import type { RunJobData, RunJobResult } from './worker.js';

interface QueueOptions {
  connection: RedisConnection;
  queue: string;
  /** Wait for the run to finish (or pause) and return its result. */
  wait?: boolean | undefined;
  /** With `wait`: longest wait in milliseconds. Default: no limit. */
  timeoutMs?: number | undefined;
  /** With `wait`: called with each event the worker publishes for this run. */
  onEvent?: ((event: JobEvent) => void) | undefined;
}

export interface SubmitRunOptions extends QueueOptions {
  task: string;
  additionalArgs?: Record<string, unknown> | undefined;
  maxSteps?: number | undefined;
  /** The run's id. Default: a random UUID. */
  runId?: string | undefined;
}

export interface DecideRunOptions extends QueueOptions {
  runId: string;
  approve?: readonly string[] | undefined;
  reject?: ReadonlyArray<{ id: string; reason?: string | undefined }> | undefined;
}

export interface SubmittedRun {
  runId: string;
  /** Set with `wait`. */
  result?: RunJobResult | undefined;
}

/** Puts a run on the queue; with `wait`, follows it to its end (or its pause for approval). */
export async function submitRun(options: SubmitRunOptions): Promise<SubmittedRun> {
  if (typeof options.task !== 'string' || options.task.trim() === '') throw new TypeError('submitRun needs a `task`.');
  const runId = options.runId ?? crypto.randomUUID();
  assertRunId(runId);
  const data = {
    task: options.task,
    runId,
    ...(options.additionalArgs ? { additionalArgs: options.additionalArgs } : {}),
    ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
  };
  return await enqueue(options, data, jobIdOf(runId));
}

/**
 * Sends decisions on a paused run's calls through the queue: a worker resumes the run from its
 * checkpoint with them. With `wait`, follows it like `submitRun`.
 */
export async function decideRun(options: DecideRunOptions): Promise<SubmittedRun> {
  assertRunId(options.runId);
  const data = {
    task: '',
    runId: options.runId,
    approve: [...(options.approve ?? [])],
    reject: (options.reject ?? []).map(({ id, reason }) => ({ id, ...(reason !== undefined ? { reason } : {}) })),
  };
  // One job per decision: the run's first job may still be kept as completed under its own id.
  return await enqueue(options, data, `${jobIdOf(options.runId)}-d${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`);
}

/** BullMQ job ids may not be integers nor contain ':': the run id is encoded. */
function jobIdOf(runId: string): string {
  return `run-${Buffer.from(runId).toString('base64url')}`;
}

async function enqueue(options: QueueOptions, data: RunJobData & { runId: string }, jobId: string): Promise<SubmittedRun> {
  const bullmq = await importOptional<typeof import('bullmq')>('bullmq', 'submitRun');
  const connection = await openRedis(options.connection, 'submitRun');
  const queue = new bullmq.Queue<RunJobData, RunJobResult>(options.queue, { connection: connection as never });
  let events: QueueEvents | undefined;
  const listening = options.wait ? connection.duplicate() : undefined;
  try {
    if (listening) {
      // Listening starts before the job is added, so that no event of a fast run is missed.
      events = new bullmq.QueueEvents(options.queue, { connection: listening });
      await events.waitUntilReady();
      const onEvent = options.onEvent;
      if (onEvent) {
        events.on('progress', ({ jobId: from, data: event }) => {
          if (from === jobId) onEvent(event as JobEvent);
        });
      }
    }
    const job = await queue.add('run', data, { jobId, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });
    if (!events) return { runId: data.runId };
    const result = (await job.waitUntilFinished(events, options.timeoutMs)) as RunJobResult;
    return { runId: data.runId, result };
  } finally {
    await events?.close();
    await queue.close();
    await listening?.quit().catch(() => undefined);
    await connection.quit().catch(() => undefined);
  }
}
