import { createModel } from '../models/model-factory.js';
import { CliUsageError, describeFailure, EXIT_SUCCESS } from './cli-errors.js';
import { createAgent } from './create-agent.js';
import { loadTools } from './load-tools.js';
import { parseCliArguments, type CliOptions } from './parse-arguments.js';
import type { CliIo } from './run-cli.js';
import { createCliObservers, type CliObservers } from './run-observers.js';

export const WORKER_HELP = `Usage: smolagent worker --redis URL --queue NAME [options]

Takes runs from a BullMQ queue on Redis (put there by smolagent submit, or submitRun()) and runs
them durably: checkpoints in Redis after every step and tool call; a run whose worker died is taken
up by another worker and resumed from its last checkpoint. Agents are built from the same model,
tool and executor options as a run (see smolagent --help). Needs bullmq (npm install bullmq).

  --redis URL              Redis server, e.g. redis://127.0.0.1:6379
  --queue NAME             Queue to take runs from
  --concurrency N          Runs at once in this process (default 1)
  --stalled-interval MS    How often dead workers' runs are looked for, in ms (default 30000)
  -h, --help               Show this help
`;

const WORKER_OPTIONS = {
  redis: { type: 'string' },
  queue: { type: 'string' },
  concurrency: { type: 'string' },
  'stalled-interval': { type: 'string' },
} as const;

/** `smolagent worker`: serves the queue until Ctrl-C, then waits for the runs under way. */
export async function run(io: CliIo): Promise<number> {
  let observers: CliObservers | undefined;
  try {
    const options = parseCliArguments(io.argv, WORKER_OPTIONS);
    if (options.help) {
      io.stdout.write(WORKER_HELP);
      return EXIT_SUCCESS;
    }
    if (options.task !== undefined) throw new CliUsageError(`smolagent worker takes no task ('${options.task}'): submit runs with smolagent submit.`);
    const { redis, queue, concurrency, stalledInterval } = workerSettings(options);
    const [{ model }, tools, cliObservers, { createWorker }] = await Promise.all([
      createModel({ modelType: options.modelType, modelId: options.modelId, apiBase: options.apiBase, apiKey: options.apiKey, provider: options.provider }, io.env),
      loadTools(options.tools, { cwd: io.cwd, env: io.env }),
      createCliObservers(options, io.env),
      import('../durable/worker.js'),
    ]);
    observers = cliObservers;
    const probe = await createAgent(options, model, tools, io.cwd); // fails now, not at the first job
    await probe.dispose();
    const worker = await createWorker({
      connection: redis,
      queue,
      concurrency,
      stalledInterval,
      agentFactory: async () => {
        const agent = await createAgent(options, model, tools, io.cwd);
        agent.observers.push(...cliObservers.observers);
        return agent;
      },
    });
    worker.worker.on('completed', (job) => io.stderr.write(`smolagent worker: run ${job.id} ended (${(job.returnvalue as { state?: string })?.state ?? 'done'})\n`));
    worker.worker.on('failed', (job, error) => io.stderr.write(`smolagent worker: run ${job?.id ?? '?'} failed: ${error.message.split('\n')[0]}\n`));
    await worker.worker.waitUntilReady();
    io.stderr.write(`smolagent worker: taking runs from queue '${queue}' (concurrency ${concurrency}; Ctrl-C to stop)\n`);
    await new Promise<void>((resolve) => io.onInterrupt(resolve));
    await worker.close();
    return EXIT_SUCCESS;
  } catch (error) {
    const failure = describeFailure(error);
    io.stderr.write(`smolagent: ${failure.message}\n`);
    return failure.exitCode;
  } finally {
    await observers?.shutdown();
  }
}

/** The queue flags, shared with `smolagent submit`. */
export function redisQueue(extra: Record<string, string | boolean | undefined>, command: string): { redis: string; queue: string } {
  const redis = extra.redis;
  const queue = extra.queue;
  if (typeof redis !== 'string' || !/^rediss?:\/\//.test(redis)) throw new CliUsageError(`smolagent ${command} needs --redis URL (redis://host:port).`);
  if (typeof queue !== 'string' || queue.trim() === '') throw new CliUsageError(`smolagent ${command} needs --queue NAME.`);
  return { redis, queue };
}

function workerSettings(options: CliOptions): { redis: string; queue: string; concurrency: number; stalledInterval: number } {
  const extra = options.extra;
  const concurrency = extra.concurrency === undefined ? 1 : Number(extra.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new CliUsageError(`--concurrency needs a whole number of runs (1 or more), got '${String(extra.concurrency)}'.`);
  const stalledInterval = extra['stalled-interval'] === undefined ? 30_000 : Number(extra['stalled-interval']);
  if (!Number.isInteger(stalledInterval) || stalledInterval < 100) throw new CliUsageError(`--stalled-interval needs milliseconds (100 or more), got '${String(extra['stalled-interval'])}'.`);
  return { ...redisQueue(extra, 'worker'), concurrency, stalledInterval };
}
