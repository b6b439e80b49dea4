import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { CliUsageError } from '../../src/cli/cli-errors.js';
import { parseCliArguments } from '../../src/cli/parse-arguments.js';
import { OpenAIServerModel, tool, ToolCallingAgent } from '../../src/index.js';
import { startHubWireServer, type HubWireServer } from '../support/hub-wire-server.js';
import { startOpenAIWireServer, type OpenAIWireServer, type WireReply } from '../support/openai-wire-server.js';
import { reasonLines, runSmolagent } from './run-smolagent.js';

const KEY = 'sk-cli-key-that-stays-off-disk';

describe('smolagent --save / --from-folder / --from-hub', () => {
  let openai: OpenAIWireServer;
  let hub: HubWireServer;
  let root: string;
  const queue: (string | WireReply)[] = [];

  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'smolagent-sharing-'));
    openai = await startOpenAIWireServer({ replies: () => queue.shift() ?? { status: 400, errorMessage: 'no scripted reply left' } });
    hub = await startHubWireServer({ tokens: { hf_cli_token: 'carol' } });
  });
  after(async () => {
    await openai.close();
    await hub.close();
    await rm(root, { recursive: true, force: true });
  });

  it('saves the agent after a run, then runs it again from the folder (its module tools need --trust-remote-code)', async () => {
    const folder = join(root, 'saved');
    queue.push({ content: '```js\nfinal_answer(await multiply({ a: 6, b: 7 }))\n```' });
    const first = await runSmolagent(
      ['What is 6 times 7?', '--api-base', openai.url, '--model-id', 'wire-model', '--api-key', KEY, '--tools', './test/cli/fixtures/fixture-tools.ts', '--instructions', 'Be exact.', '--save', folder],
      { env: { NO_COLOR: '1' } },
    );
    assert.equal(first.code, 0, first.stderr);
    assert.equal(first.lastLine, '42');
    assert.match(first.stderr, new RegExp(`Saved the agent to ${folder}`));
    const manifest = JSON.parse(await readFile(join(folder, 'agent.json'), 'utf8'));
    assert.deepEqual(manifest.tools.map((entry: { name: string }) => entry.name), ['multiply', 'shout']);
    assert.equal(manifest.options.instructions, 'Be exact.');
    assert.deepEqual(manifest.model, { class: 'OpenAIServerModel', modelId: 'wire-model' });
    for (const file of await readdir(folder, { recursive: true })) {
      if (!file.includes('.')) continue;
      assert.ok(!(await readFile(join(folder, file), 'utf8')).includes(KEY), `${file} holds the --api-key`);
    }

    const refused = await runSmolagent(['What is 6 times 7?', '--from-folder', folder], { env: { NO_COLOR: '1', OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-env' } });
    assert.equal(refused.code, 1);
    assert.match(reasonLines(refused.stderr).join('\n'), /has tools that are not plain JavaScript, so they cannot run in the sandbox: multiply, shout\. Pass --trust-remote-code/);

    queue.push({ content: '```js\nfinal_answer(await shout({ text: "again" }))\n```' });
    const again = await runSmolagent(['Shout again', '--from-folder', folder, '--trust-remote-code'], { env: { NO_COLOR: '1', OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-env' } });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(again.lastLine, 'AGAIN');
    assert.match(again.stderr, /Model: OpenAIServerModel wire-model \(the shared agent's model\)/);
    const last = openai.requests.at(-1)!;
    assert.equal(last.headers.authorization, 'Bearer sk-env');
    assert.match(last.body.messages[0].content, /Be exact\./);
  });

  it('runs an agent from the Hub (HF_ENDPOINT), its plain-JavaScript tools sandboxed without any trust flag', async () => {
    const add = tool({ name: 'add', description: 'Adds.', inputSchema: z.object({ a: z.number(), b: z.number() }), outputType: 'number', execute: ({ a, b }) => a + b });
    const agent = new ToolCallingAgent({ model: new OpenAIServerModel({ modelId: 'wire-model', apiKey: KEY }), tools: [add], name: 'adder', description: 'Adds.' });
    await agent.pushToHub('carol/adder', { env: { HF_ENDPOINT: hub.url, HF_TOKEN: 'hf_cli_token' } });
    queue.push({ toolCalls: [{ id: 'c1', name: 'add', arguments: { a: 2, b: 40 } }] }, { toolCalls: [{ id: 'c2', name: 'final_answer', arguments: { answer: 42 } }] });
    const run = await runSmolagent(['Add 2 and 40', '--from-hub', 'carol/adder', '--max-steps', '3'], {
      env: { NO_COLOR: '1', HF_ENDPOINT: hub.url, OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-env' },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, '42');
    assert.match(run.stderr, /Agent: adder · tools: add, final_answer/);

    const missing = await runSmolagent(['Anything', '--from-hub', 'carol/missing'], { env: { NO_COLOR: '1', HF_ENDPOINT: hub.url, HF_TOKEN: 'hf_cli_token', OPENAI_API_KEY: 'sk-env' } });
    assert.equal(missing.code, 1);
    assert.deepEqual(reasonLines(missing.stderr), [`smolagent: carol/missing was not found on ${hub.url} (404): check the repository id.`]);
  });

  it('refuses flags that would build another agent beside a shared one', () => {
    const usage = (argv: string[]) => assert.throws(() => parseCliArguments(argv), CliUsageError);
    usage(['task', '--from-hub', 'a/b', '--from-folder', 'dir']);
    usage(['task', '--from-folder', 'dir', '--tools', 'web_search']);
    usage(['task', '--from-hub', 'a/b', '--executor', 'pyodide']);
    usage(['task', '--trust-remote-code']);
    usage(['task', '--save', '']);
    assert.throws(() => parseCliArguments(['task', '--from-folder', 'dir', '--instructions', 'x']), /--instructions cannot be used with --from-folder: the shared agent brings its own tools and settings/);
    const options = parseCliArguments(['task', '--from-hub', 'a/b', '--trust-remote-code', '--max-steps', '4', '--save', 'out']);
    assert.equal(options.fromHub, 'a/b');
    assert.equal(options.trustRemoteCode, true);
    assert.equal(options.maxSteps, 4);
    assert.equal(options.save, 'out');
  });
});
