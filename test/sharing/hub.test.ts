import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent, HubError, loadTool, SandboxedTool, ScriptedModel, tool, Tool, ToolCallingAgent, UntrustedCodeError } from '../../src/index.js';
import { startHubWireServer, type HubWireServer } from '../support/hub-wire-server.js';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { forecast } from './fixtures/weather-tools.js';
import { loadInFreshProcess } from './support/spawn-loader.js';

const ALICE = 'hf_alice_write_token';
const BOB = 'hf_bob_write_token';

const add = tool({
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  outputType: 'number',
  execute: ({ a, b }) => a + b,
});

describe('the Hugging Face Hub (a local server speaking its endpoints)', () => {
  let hub: HubWireServer;
  let openai: OpenAIWireServer;
  const as = (token?: string) => ({ env: { HF_ENDPOINT: hub.url, ...(token ? { HF_TOKEN: token } : {}) } });

  before(async () => {
    hub = await startHubWireServer({ tokens: { [ALICE]: 'alice', [BOB]: 'bob' } });
    openai = await startOpenAIWireServer({
      replies: [
        { toolCalls: [{ id: 'call_1', name: 'add', arguments: { a: 40, b: 2 } }] },
        { toolCalls: [{ id: 'call_2', name: 'final_answer', arguments: { answer: 'forty-two' } }] },
      ],
    });
  });
  after(async () => {
    await hub.close();
    await openai.close();
  });

  test('pushToHub creates the repository and commits the saved folder; fromHub in a fresh process runs it', async () => {
    const { OpenAIServerModel } = await import('../../src/index.js');
    const agent = new ToolCallingAgent({ model: new OpenAIServerModel({ modelId: 'wire-model', apiKey: 'sk-never-pushed' }), tools: [add], name: 'adder', description: 'Adds.' });
    const pushed = await agent.pushToHub('adder-agent', { ...as(ALICE), private: true, commitMessage: 'First version' });
    assert.equal(pushed.repoId, 'alice/adder-agent', 'the namespace comes from the token (whoami)');
    assert.match(pushed.commitUrl, new RegExp(`^${hub.url}/alice/adder-agent/commit/[0-9a-f]{40}$`));
    const repo = hub.repos.get('model:alice/adder-agent')!;
    assert.equal(repo.private, true);
    assert.equal(repo.commits.at(-1)!.title, 'First version');
    const files = hub.files('alice/adder-agent');
    assert.deepEqual([...files.keys()].sort(), ['.gitattributes', 'README.md', 'agent.json', 'tools/add.js']);
    assert.match(files.get('README.md')!, /ToolCallingAgent\.fromHub\('alice\/adder-agent', \{ sandboxTools: true \}\)/);
    for (const [path, text] of files) assert.ok(!text.includes('sk-never-pushed'), `${path} holds the API key`);
    const calls = hub.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`);
    for (const endpoint of ['GET /api/whoami-v2', 'POST /api/repos/create', 'GET /api/models/alice/adder-agent/commits/main', 'POST /api/models/alice/adder-agent/preupload/main', 'POST /api/models/alice/adder-agent/commit/main']) {
      assert.ok(calls.includes(endpoint), `no ${endpoint} in ${calls.join(', ')}`);
    }
    assert.ok(calls.some((call) => call.startsWith('GET /api/models/alice/adder-agent/tree/')), 'the tree is read to find stale files');

    const result = await loadInFreshProcess(
      { class: 'ToolCallingAgent', hub: 'alice/adder-agent', task: 'Add 40 and 2.', sandboxTools: true },
      { HF_ENDPOINT: hub.url, HF_TOKEN: ALICE, OPENAI_BASE_URL: openai.url, OPENAI_API_KEY: 'sk-child' },
    );
    assert.equal(result.error, undefined);
    assert.equal(result.output, 'forty-two');
    assert.equal(result.tools.add, 'SandboxedTool');
    assert.ok(hub.requests.some((request) => request.path.startsWith('/alice/adder-agent/resolve/')), 'files are downloaded through resolve');
  });

  test('a missing repository and a private one are told apart from a bad token', async () => {
    await assert.rejects(CodeAgent.fromHub('alice/no-such-agent', as(ALICE)), (error: unknown) => {
      assert.ok(error instanceof HubError);
      assert.equal(error.failure, 'not_found');
      assert.equal(error.status, 404);
      assert.match(error.message, /alice\/no-such-agent was not found on .* \(404\): check the repository id\./);
      return true;
    });
    // Anonymous, the Hub answers 401 for a missing or private repository alike.
    await assert.rejects(ToolCallingAgent.fromHub('alice/adder-agent', as()), (error: unknown) => {
      assert.ok(error instanceof HubError);
      assert.equal(error.failure, 'authentication');
      assert.match(error.message, /answered 401 .*: the repository does not exist, or it is private and needs a token \(pass \{ token \} or set HF_TOKEN\)/);
      return true;
    });
    await assert.rejects(ToolCallingAgent.fromHub('alice/adder-agent', as('hf_not_a_known_token')), (error: unknown) => {
      assert.ok(error instanceof HubError);
      assert.equal(error.status, 401);
      assert.match(error.message, /The Hub rejected the token \(401\) while opening alice\/adder-agent .*Check the token option or HF_TOKEN\./);
      return true;
    });
    await assert.rejects(CodeAgent.fromHub('alice/adder-agent', as(ALICE)), /holds a ToolCallingAgent: load it with ToolCallingAgent\.from…\(\)/);
  });

  test('pushing needs a token that may write there', async () => {
    const agent = new CodeAgent({ model: new ScriptedModel([]), tools: [add] });
    await assert.rejects(agent.pushToHub('alice/x', as()), /Pushing to the Hub needs a token with write access: pass \{ token \} or set HF_TOKEN\./);
    await assert.rejects(agent.pushToHub('alice/x', { ...as(), token: 'not-a-token' }), /must start with 'hf_'/);
    await assert.rejects(agent.pushToHub('alice/x', as(BOB)), (error: unknown) => {
      assert.ok(error instanceof HubError);
      assert.equal(error.status, 403);
      assert.match(error.message, /not allowed to do this \(403\) while creating alice\/x/);
      return true;
    });
    await assert.rejects(agent.pushToHub('alice/x', { ...as(ALICE), hubUrl: 'ftp://hub.example' }), /The Hub URL 'ftp:\/\/hub\.example' \(hubUrl or HF_ENDPOINT\) must be http\(s\)/);
    await assert.rejects(agent.pushToHub('a/b/c', as(ALICE)), /'a\/b\/c' is not a Hub repository id/);
    const requestsBefore = hub.requests.length;
    await assert.rejects(agent.pushToHub('alice/cancelled', { ...as(ALICE), signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(hub.requests.length, requestsBefore, 'an aborted push sends nothing');
  });

  test('a push that races another commit starts over from the new head; one that keeps racing fails clearly', async () => {
    const agent = new CodeAgent({ model: new ScriptedModel([]), tools: [add, forecast], name: 'racer' });
    await agent.pushToHub('alice/racer', { ...as(), token: ALICE });
    let raced = 0;
    hub.beforeCommit = (repoId) => {
      if (raced++ === 0) hub.commitAsOther(repoId, { 'LICENSE': 'Apache-2.0\n' });
    };
    // The second version drops a tool: its module goes, the LICENSE someone else added stays.
    const smaller = new CodeAgent({ model: new ScriptedModel([]), tools: [add], name: 'racer' });
    await smaller.pushToHub('alice/racer', as(ALICE));
    assert.equal(raced, 2, 'one commit refused with 412, then one accepted');
    assert.deepEqual([...hub.files('alice/racer').keys()].sort(), ['.gitattributes', 'LICENSE', 'README.md', 'agent.json', 'tools/add.js']);

    hub.beforeCommit = (repoId) => hub.commitAsOther(repoId, { 'NOTES.md': `${Date.now()}` });
    try {
      await assert.rejects(smaller.pushToHub('alice/racer', as(ALICE)), (error: unknown) => {
        assert.ok(error instanceof HubError);
        assert.equal(error.failure, 'conflict');
        assert.equal(error.status, 412);
        assert.match(error.message, /Someone else committed to alice\/racer while this push was prepared \(412\).* It kept changing during 3 attempts/);
        return true;
      });
    } finally {
      hub.beforeCommit = undefined;
    }
  });

  test('tool.pushToHub and Tool.fromHub / loadTool: sandboxed for plain JavaScript, trusted otherwise', async () => {
    assert.equal((await add.pushToHub('alice/add-tool', as(ALICE))).repoId, 'alice/add-tool');
    assert.deepEqual([...hub.files('alice/add-tool').keys()].sort(), ['.gitattributes', 'README.md', 'add.js', 'tool.json']);
    const sandboxed = await Tool.fromHub('alice/add-tool', { ...as(), sandboxed: true });
    try {
      assert.ok(sandboxed instanceof SandboxedTool);
      assert.equal(await sandboxed.call({ a: 2, b: 3 }), 5);
    } finally {
      await (sandboxed as SandboxedTool).dispose();
    }
    await assert.rejects(loadTool('alice/add-tool', as()), (error: unknown) => {
      assert.ok(error instanceof UntrustedCodeError);
      assert.match(error.message, /Pass sandboxed: true to run plain-JavaScript tools in the QuickJS sandbox \(recommended\), or trustRemoteCode: true/);
      return true;
    });
    await forecast.pushToHub('alice/forecast-tool', as(ALICE));
    await assert.rejects(loadTool('alice/forecast-tool', { ...as(), sandboxed: true }), /it imports 'zod'\)\. Pass trustRemoteCode: true/);
    const trusted = await loadTool('alice/forecast-tool', { ...as(), trustRemoteCode: true });
    assert.equal(await trusted.call({ city: 'Busan' }), 'Busan: sunny for 1 day(s)');
    await assert.rejects(loadTool('alice/adder-agent', as(ALICE)), /has no file tool\.json\. It is not a saved tool/);
  });

  test('a revision pins the load to one commit', async () => {
    const first = hub.repos.get('model:alice/racer')!.commits[1]!.oid;
    const agent = await CodeAgent.fromHub('alice/racer', { ...as(), revision: first, model: new ScriptedModel([]), trustRemoteCode: true });
    try {
      assert.ok('forecast' in agent.tools, 'the first version still had forecast');
    } finally {
      await agent.dispose();
    }
  });
});
