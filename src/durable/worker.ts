import type { MultiStepAgent } from '../agents/multi-step-agent.js';
import { importOptional } from '../optional-dependency.js';
import type { CheckpointStore } from './checkpoint-store.js';
import { publishingObserver } from './job-events.js';
import { RedisCheckpointStore } from './redis-checkpoint-store.js';
import { openRedis, type RedisConnection } from './redis-connection.js';
import type { PendingApproval } from './run-state.js';

/** What a submitted run carries in its BullMQ job. */
export interface RunJobData {
  task: string;
  /** The run's id (the checkpoint's key). Default: the job's id. */
  runId?: string | undefined;
  additionalArgs?: Record<string, unknown> | undefined;
  maxSteps?: number | undefined;
  /** Decisions on the calls a paused run waits on (sent by `decideRun`). */
  approve?: string[] | undefined;
  reject?: Array<{ id: string; reason?: string | undefined }> | undefined;
}

/** What a finished job returns: the answer, or the calls the run waits on (decide them with resume()). */
export type RunJobResult = { state: 'done'; output: unknown } | { state: 'awaiting_approval'; pending: PendingApproval[] };

export interface CreateWorkerOptions {
  connection: RedisConnection;
  queue: string;
  /** A new agent for each job (agents are not shared between concurrent runs), built the same way each time (resume replays against it). Disposed after the job. */
  agentFactory: (job: RunJobData & { runId: string; task: string }) => MultiStepAgent | Promise<MultiStepAgent>;
  /** Runs at once in this worker. Default 1. */
  concurrency?: number | undefined;
  /**
   * Milliseconds between checks for jobs whose worker died (its lock expired): such a job goes back
   * to the queue and another worker resumes it from its checkpoint. Default 30,000.
   */
  stalledInterval?: number | undefined;
  /** How long a job's lock lasts unless renewed (renewed at half of it). Default: `stalledInterval`. */
  lockDuration?: number | undefined;
  /** Times a job may stall before it fails. Default 3. */
  maxStalledCount?: number | undefined;
  /** Where runs keep their checkpoints. Default: Redis on the same connection. */
  store?: CheckpointStore | undefined;
}

/** What the durable worker shows of its BullMQ Worker (bullmq's own types stay out of the public ones). */
export interface WorkerHandle {
  on(event: 'completed', listener: (job: { id?: string | undefined; data: RunJobData; returnvalue: RunJobResult }) => void): unknown;
  on(event: 'failed', listener: (job: { id?: string | undefined; data: RunJobData } | undefined, error: Error) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  waitUntilReady(): Promise<unknown>;
  isRunning(): boolean;
}

export interface DurableWorker {
  readonly worker: WorkerHandle;
  /** Waits for the running jobs, then stops. */
  close(): Promise<void>;
}

/**
 * A BullMQ worker that runs agents durably: a job's id is its run id, a job that has a checkpoint
 * (it stalled on a worker that died, or was paused) is resumed from it, and each run's events are
 * published as the job's progress.
 */
export async function createWorker(options: CreateWorkerOptions): Promise<DurableWorker> {
  const { Worker: WorkerClass } = await importOptional<typeof import('bullmq')>('bullmq', 'createWorker');
  if (typeof options.agentFactory !== 'function') throw new TypeError('createWorker needs an `agentFactory`.');
  const stalledInterval = options.stalledInterval ?? 30_000;
  if (!(Number.isInteger(stalledInterval) && stalledInterval > 0)) throw new RangeError(`stalledInterval must be a positive number of milliseconds, got ${String(stalledInterval)}.`);
  const connection = await openRedis(options.connection, 'createWorker');
  const ownStore = options.store ? undefined : new RedisCheckpointStore({ connection });
  const store = options.store ?? ownStore!;

  const processor = async (job: { id?: string | undefined; data: RunJobData; updateProgress(progress: object): Promise<unknown> }): Promise<RunJobResult> => {
    const data = job.data;
    const runId = data?.runId ?? job.id!;
    // A job that has a checkpoint (it stalled, or brings decisions) continues it, with the task it was started with.
    const saved = await store.load(runId);
    if (!saved && (data?.approve || data?.reject)) throw new TypeError(`Decisions for run '${runId}', which has no checkpoint.`);
    const task = saved?.task ?? data?.task;
    if (typeof task !== 'string' || task === '') throw new TypeError(`Job ${job.id} has no task.`);
    const agent = await options.agentFactory({ ...data, task, runId });
    agent.observers = [...agent.observers, publishingObserver(async (event) => void (await job.updateProgress(event as object)))];
    try {
      const outcome = saved
        ? await agent.resume({ store, runId }, { ...(data.approve ? { approve: data.approve } : {}), ...(data.reject ? { reject: data.reject } : {}) })
        : await agent.runDurable(task, {
            checkpoint: store,
            runId,
            ...(data.additionalArgs ? { additionalArgs: data.additionalArgs } : {}),
            ...(data.maxSteps !== undefined ? { maxSteps: data.maxSteps } : {}),
          });
      return outcome.state === 'done' ? { state: 'done', output: outcome.output } : { state: 'awaiting_approval', pending: outcome.pending };
    } finally {
      await agent.dispose();
    }
  };

  const worker = new WorkerClass<RunJobData, RunJobResult>(options.queue, processor, {
    connection: connection as never,
    concurrency: options.concurrency ?? 1,
    stalledInterval,
    lockDuration: options.lockDuration ?? stalledInterval,
    maxStalledCount: options.maxStalledCount ?? 3,
  });
  // Without a listener an 'error' event would end the process; connection errors are retried by ioredis.
  worker.on('error', () => undefined);
  return {
    worker: worker as unknown as WorkerHandle,
    async close() {
      await worker.close();
      await ownStore?.close();
      await connection.quit().catch(() => undefined);
    },
  };
}
