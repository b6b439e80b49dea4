import type { QueueEvents } from 'bullmq';
import { importOptional } from '../optional-dependency.js';
import { assertRunId } from './checkpoint-store.js';
import type { JobEvent } from './job-events.js';
import { openRedis, type RedisConnection } from './redis-connection.js';
import type { RunJobData, RunJobResult } from './worker.js';

export interface SubmitRunOptions extends RunJobData {
  connection: RedisConnection;
  queue: string;
  /** The run's id (the job's id). Default: a random UUID. */
  runId?: string | undefined;
  /** Wait for the run to finish and return its result. */
  wait?: boolean | undefined;
  /** With `wait`: longest wait in milliseconds. Default: no limit. */
  timeoutMs?: number | undefined;
  /** With `wait`: called with each event the worker publishes for this run. */
  onEvent?: ((event: JobEvent) => void) | undefined;
}

export interface SubmittedRun {
  runId: string;
  /** Set with `wait`. */
  result?: RunJobResult | undefined;
}

/** Puts a run on the queue; with `wait`, follows it to its end. */
export async function submitRun(options: SubmitRunOptions): Promise<SubmittedRun> {
  const bullmq = await importOptional<typeof import('bullmq')>('bullmq', 'submitRun');
  if (typeof options.task !== 'string' || options.task === '') throw new TypeError('submitRun needs a `task`.');
  const runId = options.runId ?? crypto.randomUUID();
  assertRunId(runId);
  const connection = await openRedis(options.connection, 'submitRun');
  const queue = new bullmq.Queue<RunJobData, RunJobResult>(options.queue, { connection });
  let events: QueueEvents | undefined;
  const listening = options.wait ? connection.duplicate() : undefined;
  try {
    if (options.wait) {
      // Listening starts before the job is added, so that no event of a fast run is missed.
      events = new bullmq.QueueEvents(options.queue, { connection: listening! });
      await events.waitUntilReady();
      const onEvent = options.onEvent;
      if (onEvent) {
        events.on('progress', ({ jobId, data }) => {
          if (jobId === runId) onEvent(data as JobEvent);
        });
      }
    }
    const data: RunJobData = {
      task: options.task,
      ...(options.additionalArgs ? { additionalArgs: options.additionalArgs } : {}),
      ...(options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {}),
    };
    const job = await queue.add('run', data, { jobId: runId, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } });
    if (!events) return { runId };
    const result = (await job.waitUntilFinished(events, options.timeoutMs)) as RunJobResult;
    return { runId, result };
  } finally {
    await events?.close();
    await queue.close();
    await listening?.quit().catch(() => undefined);
    await connection.quit().catch(() => undefined);
  }
}
