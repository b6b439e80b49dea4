import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { startOpenAIWireServer } from '../support/openai-wire-server.js';
import { REPO_ROOT, reasonLines, runSmolagent } from './run-smolagent.js';

/** A localhost port with nothing listening on it: bind port 0, note it, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The failure contract: exit code, exactly one "smolagent:" line, nothing on stdout. */
function assertOneLineFailure(run: { code: number | null; stdout: string; stderr: string }, exitCode: number, pattern: RegExp): void {
  assert.equal(run.code, exitCode, run.stderr);
  const reasons = reasonLines(run.stderr);
  assert.equal(reasons.length, 1, `one reason line expected:\n${run.stderr}`);
  assert.match(reasons[0]!, pattern);
  assert.equal(run.stdout, '');
}

describe('smolagent: errors a user can fix', () => {
  it('no model configured: says which flags or variables to set', async () => {
    const run = await runSmolagent(['hello']);
    assertOneLineFailure(run, 1, /^smolagent: No model configured: pass --model-type .*OPENAI_API_KEY/);
  });

  it('unknown model type: a bad command-line value (exit 2), with the nearest name and the known ones', async () => {
    const run = await runSmolagent(['hello', '--model-type', 'NoSuchModel']);
    assertOneLineFailure(run, 2, /Unknown model type 'NoSuchModel'\. Known model types: .*OpenAIServerModel/);
    const typo = await runSmolagent(['hello', '--model-type', 'OpenAIServerModle']);
    assertOneLineFailure(typo, 2, /Unknown model type 'OpenAIServerModle'\. Did you mean OpenAIServerModel\?/);
  });

  it('missing API key: tells to set the variable or pass --api-key, before the agent starts', async () => {
    const run = await runSmolagent(['hello', '--model-type', 'OpenAIServerModel', '--model-id', 'gpt-4o-mini']);
    assertOneLineFailure(run, 1, /^smolagent: OpenAIServerModel needs an API key: set OPENAI_API_KEY or pass --api-key/);
    const hf = await runSmolagent(['hello', '--model-type', 'InferenceClientModel']);
    assertOneLineFailure(hf, 1, /^smolagent: InferenceClientModel needs an API key: set HF_TOKEN or pass --api-key/);
    const claude = await runSmolagent(['hello', '--model-type', 'AISDKModel', '--model-id', 'anthropic/claude-sonnet-4-5']);
    assertOneLineFailure(claude, 1, /^smolagent: AISDKModel needs an API key: set ANTHROPIC_API_KEY or pass --api-key/);
  });

  it('unreachable API base: names the URL and the flag to check', async () => {
    const url = `http://127.0.0.1:${await closedPort()}/v1`;
    const run = await runSmolagent(['hello', '--api-base', url, '--model-id', 'm']);
    assertOneLineFailure(run, 1, new RegExp(`Cannot reach the API at ${url.replace(/[.]/g, '\\.')} \\(ECONNREFUSED\\) — check --api-base`));
  });

  it('credentials refused by the server (401): says to check the key', async () => {
    const server = await startOpenAIWireServer({ replies: [{ status: 401, errorMessage: 'Incorrect API key provided' }] });
    try {
      const run = await runSmolagent(['hello', '--api-base', server.url, '--model-id', 'm', '--api-key', 'bad']);
      assertOneLineFailure(run, 1, /refused the credentials \(401\): Incorrect API key provided — check --api-key/);
    } finally {
      await server.close();
    }
  });

  it('unknown tool name: lists the known tools, exit 2, before any model call', async () => {
    const server = await startOpenAIWireServer({ replies: [] });
    try {
      const run = await runSmolagent(['hello', '--api-base', server.url, '--model-id', 'm', '--tools', 'web_serch']);
      assertOneLineFailure(run, 2, /Unknown tool 'web_serch'\. Known tools: .*final_answer/);
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });

  it('tool module problems: a missing file (exit 2) and a module without tools (exit 1)', async () => {
    const missing = await runSmolagent(['hello', '--api-base', 'http://127.0.0.1:9/v1', '--tools', './no/such-tools.ts']);
    assertOneLineFailure(missing, 2, /Tool module not found: \.\/no\/such-tools\.ts/);
    const empty = await runSmolagent(['hello', '--api-base', 'http://127.0.0.1:9/v1', '--tools', './test/cli/run-smolagent.ts']);
    assertOneLineFailure(empty, 1, /run-smolagent\.ts exports no tools/);
  });

  it('bad command lines exit 2 with one line', async () => {
    assertOneLineFailure(await runSmolagent(['hello', '--max-steps', 'many']), 2, /--max-steps needs a positive whole number/);
    assertOneLineFailure(await runSmolagent(['hello', '--no-such-flag']), 2, /^smolagent: Unknown option '--no-such-flag'\. \(see smolagent --help\)$/);
    assertOneLineFailure(await runSmolagent(['hello', '--modle-id', 'x']), 2, /^smolagent: Unknown option '--modle-id'\. Did you mean --model-id\? \(see smolagent --help\)$/);
    assertOneLineFailure(await runSmolagent(['hello', '--model-id']), 2, /^smolagent: --model-id needs a value, e\.g\. --model-id gpt-4o-mini/);
    assertOneLineFailure(await runSmolagent(['hello', '--model-id', '--json']), 2, /^smolagent: --model-id needs a value/);
    assertOneLineFailure(await runSmolagent(['hello', '--json=yes']), 2, /^smolagent: --json takes no value/);
    assertOneLineFailure(await runSmolagent(['hello', '--agent-type', 'robot']), 2, /Unknown --agent-type 'robot'/);
  });

  it('--help and --version', async () => {
    const help = await runSmolagent(['--help']);
    assert.equal(help.code, 0);
    for (const flag of ['--model-type', '--model-id', '--api-base', '--api-key', '--agent-type', '--tools', '--imports', '--executor', '--stream', '--json', '--quiet', '--verbose', '--planning-interval', '--max-steps', '--instructions', '--provider']) {
      assert.ok(help.stdout.includes(flag), `help lacks ${flag}`);
    }
    // Each agent type is described for what it is: only the code agent writes code.
    assert.doesNotMatch(help.stdout, /an agent that thinks in code/);
    assert.match(help.stdout, /code \(default\): the model writes code[\s\S]*tool-calling: the model calls tools through the provider's JSON tool calls/);
    const version = await runSmolagent(['--version']);
    const { version: expected } = JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string };
    assert.equal(version.stdout, `smolagent ${expected}\n`);
  });
});
