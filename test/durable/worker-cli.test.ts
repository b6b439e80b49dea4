import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { runSmolagent, startSmolagent } from '../cli/run-smolagent.js';
import { redisMissing, startRedis, type RedisServer } from './support/redis-server.js';

const js = (code: string) => `Thought: go.\n\`\`\`js\n${code}\n\`\`\``;

describe('smolagent worker and smolagent submit', { skip: redisMissing }, () => {
  let redis: RedisServer;
  let server: OpenAIWireServer;
  before(async () => {
    redis = await startRedis();
    server = await startOpenAIWireServer({ replies: [js('const x = 6 * 7;\nconsole.log(x);'), js('final_answer(x)')] });
  });
  after(async () => {
    await server?.close();
    await redis?.stop();
  });

  it('a worker built from the run flags answers a submitted task; submit --wait prints it as the last line', async () => {
    const worker = startSmolagent(['worker', '--redis', redis.url, '--queue', 'cli', '--api-base', server.url, '--model-id', 'm', '--stalled-interval', '1000']);
    await new Promise<void>((resolve, reject) => {
      let stderr = '';
      worker.child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes('taking runs')) resolve();
      });
      worker.child.once('exit', () => reject(new Error(`the worker exited: ${stderr}`)));
    });
    const submitted = await runSmolagent(['submit', 'What is 6 times 7?', '--redis', redis.url, '--queue', 'cli', '--wait']);
    assert.equal(submitted.code, 0, submitted.stderr);
    assert.equal(submitted.lastLine, '42');
    assert.match(submitted.stderr, /─ step 1/);
    worker.child.kill('SIGINT');
    const ended = await worker.done;
    assert.equal(ended.code, 0, ended.stderr);
  });

  it('refuses a missing --redis or --queue with a usage error', async () => {
    const run = await runSmolagent(['submit', 'task', '--queue', 'q']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /smolagent submit needs --redis URL/);
    const worker = await runSmolagent(['worker', '--redis', redis.url]);
    assert.equal(worker.code, 2);
    assert.match(worker.stderr, /smolagent worker needs --queue NAME/);
  });
});
