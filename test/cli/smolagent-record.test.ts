import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { reasonLines, runSmolagent } from './run-smolagent.js';
import { RUN_RECORD_VERSION } from '../../src/telemetry/run-record.js';

let server: OpenAIWireServer;
let serverClosed = false;
let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smolagent-record-'));
  server = await startOpenAIWireServer({
    replies: [
      { content: 'Thought: compute.\n```js\nconst x = 6 * 7;\nconsole.log("product", x);\n```', usage: { prompt_tokens: 1234, completion_tokens: 56 } },
      { content: 'Thought: answer.\n```js\nfinal_answer(`The answer is ${x}`)\n```', usage: { prompt_tokens: 1500, completion_tokens: 20 } },
    ],
  });
});
after(async () => {
  if (!serverClosed) await server.close();
});

describe('smolagent --record and smolagent replay', () => {
  it('records a run and replays it like the live log, with no model server', async () => {
    const record = join(dir, 'run.jsonl');
    const args = ['what is 6 times 7?', '--api-base', server.url, '--model-id', 'wire-model', '--api-key', 'k', '--record', record];
    const live = await runSmolagent(args, { env: { NO_COLOR: '1' } });
    assert.equal(live.code, 0, live.stderr);
    assert.equal(live.lastLine, 'The answer is 42');

    const lines = (await readFile(record, 'utf8')).trimEnd().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines[0].version, RUN_RECORD_VERSION);
    // The record holds the request as the model server received it.
    const requests = lines.filter((line) => line.type === 'model_request');
    assert.equal(requests.length, 2);
    assert.deepEqual(requests.map((line) => line.messages.map((message: { content: string }) => message.content)), server.requests.map((request) => request.body.messages.map((message: { content: string }) => message.content)));
    assert.deepEqual(lines.filter((line) => line.type === 'model_output').map((line) => line.message.tokenUsage), [
      { inputTokens: 1234, outputTokens: 56 },
      { inputTokens: 1500, outputTokens: 20 },
    ]);

    await server.close(); // the replay must not need it
    serverClosed = true;
    const replay = await runSmolagent(['replay', record], { env: { NO_COLOR: '1' } });
    assert.equal(replay.code, 0, replay.stderr);
    assert.equal(replay.stderr, '');
    const liveLog = live.stderr.split('\n').filter((line) => !line.startsWith('Model:') && !line.startsWith('Agent:'));
    const replayLog = replay.stdout.split('\n').filter((line) => !/^(Recorded|Model:|Agent:)/.test(line));
    assert.deepEqual(replayLog, liveLog);
    assert.match(replay.stdout, /Model: wire-model/);
    assert.match(replay.stdout, /2 steps \| Input tokens: 2,734 \| Output tokens: 76/);
  });

  it('bad record files and arguments each get one clear line', async () => {
    const missing = await runSmolagent(['replay', join(dir, 'nope.jsonl')]);
    assert.equal(missing.code, 1);
    assert.deepEqual(reasonLines(missing.stderr), [`smolagent: Cannot read the run record ${join(dir, 'nope.jsonl')}: ENOENT: no such file or directory, open '${join(dir, 'nope.jsonl')}'`]);

    const garbage = join(dir, 'garbage.jsonl');
    await writeFile(garbage, 'not a record\n');
    const malformed = await runSmolagent(['replay', garbage]);
    assert.equal(malformed.code, 1);
    assert.match(reasonLines(malformed.stderr)[0]!, /^smolagent: .*garbage\.jsonl line 1 is not valid JSON/);

    const usage = await runSmolagent(['replay']);
    assert.equal(usage.code, 2);
    assert.deepEqual(reasonLines(usage.stderr), ['smolagent: replay needs exactly one FILE: smolagent replay run.jsonl']);

    const unwritable = await runSmolagent(['task', '--api-base', 'http://127.0.0.1:9/v1', '--record', join(dir, 'missing-dir', 'r.jsonl')]);
    assert.equal(unwritable.code, 1);
    assert.match(reasonLines(unwritable.stderr)[0]!, /^smolagent: Cannot write the run record to .*missing-dir\/r\.jsonl: ENOENT.*\(--record\)$/);
  });
});
