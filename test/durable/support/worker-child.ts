/**
 * A worker process for the worker tests: argv is the Redis URL, the queue, the side-effect file and
 * the milliseconds each model call waits (so that a test can kill the process between two steps).
 * Prints "ready" once it takes jobs.
 */
import { createWorker } from '../../../src/durable/worker.js';
import { CodeAgent } from '../../../src/agents/code-agent.js';
import type { Model } from '../../../src/models/model.js';
import { scripts, sideEffectTools, stepScriptModel } from './durable-fixture.js';

const [url, queue, file, delay, concurrency] = process.argv.slice(2);
const delayMs = Number(delay ?? 0);

function slow(model: Model): Model {
  return {
    modelId: model.modelId,
    async generate(messages, options) {
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return await model.generate(messages, options);
    },
  };
}

const worker = await createWorker({
  connection: url!,
  queue: queue!,
  concurrency: Number(concurrency ?? 1),
  stalledInterval: 1000,
  agentFactory: ({ task }) => new CodeAgent({ model: slow(stepScriptModel(scripts[task]!)), tools: sideEffectTools(file!), maxSteps: 6, logger: false }),
});
await worker.worker.waitUntilReady();
console.log('ready');
process.on('SIGTERM', () => void worker.close().then(() => process.exit(0)));
