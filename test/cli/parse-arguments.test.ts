import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { AgentAbortedError, AgentGenerationError, ModelError } from '../../src/errors.js';
import { CliUsageError, describeFailure } from '../../src/cli/cli-errors.js';
import { asTool, isModulePath, loadTools } from '../../src/cli/load-tools.js';
import { ModelConfigurationError } from '../../src/models/model-factory.js';
import { parseCliArguments } from '../../src/cli/parse-arguments.js';
import { tool } from '../../src/tools/tool.js';

describe('parseCliArguments', () => {
  it('reads the seed guide command, with space-separated imports', () => {
    const options = parseCliArguments([
      'Plan a trip to Tokyo, Kyoto and Osaka between Mar 28 and Apr 7.',
      '--model-type', 'InferenceClientModel',
      '--model-id', 'Qwen/Qwen2.5-Coder-32B-Instruct',
      '--imports', 'pandas numpy',
      '--tools', 'web_search',
    ]);
    assert.equal(options.task, 'Plan a trip to Tokyo, Kyoto and Osaka between Mar 28 and Apr 7.');
    assert.equal(options.modelType, 'InferenceClientModel');
    assert.equal(options.modelId, 'Qwen/Qwen2.5-Coder-32B-Instruct');
    assert.deepEqual(options.imports, ['pandas', 'numpy']);
    assert.deepEqual(options.tools, ['web_search']);
    assert.equal(options.agentType, 'code');
    assert.equal(options.executor, 'quickjs');
    assert.equal(options.level, 'normal');
  });

  it('words after --tools/--imports extend the list once the task is given (like nargs="*")', () => {
    const options = parseCliArguments(['the task', '--tools', 'web_search', 'visit_webpage', '--imports', 'lodash-es,date-fns', 'zod']);
    assert.equal(options.task, 'the task');
    assert.deepEqual(options.tools, ['web_search', 'visit_webpage']);
    assert.deepEqual(options.imports, ['lodash-es', 'date-fns', 'zod']);
  });

  it('joins bare words into the task, and no words means interactive', () => {
    assert.equal(parseCliArguments(['what', 'is', '2+2', '--quiet']).task, 'what is 2+2');
    assert.equal(parseCliArguments(['--tools', 'web_search', 'the task']).task, 'the task');
    assert.equal(parseCliArguments(['--json']).task, undefined);
  });

  it('reads numbers, flags and names', () => {
    const options = parseCliArguments(['t', '--max-steps', '5', '--planning-interval', '2', '--agent-type', 'tool_calling', '--stream', '--json', '-v']);
    assert.equal(options.maxSteps, 5);
    assert.equal(options.planningInterval, 2);
    assert.equal(options.agentType, 'tool-calling');
    assert.equal(options.stream, true);
    assert.equal(options.json, true);
    assert.equal(options.level, 'verbose');
    assert.equal(parseCliArguments(['t', '--executor', 'pyodide']).executor, 'pyodide');
  });

  it('rejects bad command lines with CliUsageError', () => {
    for (const argv of [
      ['t', '--max-steps', '0'],
      ['t', '--max-steps', '2.5'],
      ['t', '--planning-interval', 'x'],
      ['t', '--agent-type', 'robot'],
      ['t', '--executor', 'vm2'],
      ['t', '--quiet', '--verbose'],
      ['t', '--agent-type', 'tool-calling', '--executor', 'pyodide'],
      ['t', '--bogus'],
      ['t', '--model-id'],
      ['t', '--record', ' '],
      ['t', '--port', '1'],
    ]) {
      assert.throws(() => parseCliArguments(argv), CliUsageError, argv.join(' '));
    }
  });

  it('reads --record, and the extra options a subcommand adds', () => {
    assert.equal(parseCliArguments(['t', '--record', 'run.jsonl']).record, 'run.jsonl');
    const ui = parseCliArguments(['--port', '8000', '--tools', 'web_search'], { port: { type: 'string' }, host: { type: 'string' } });
    assert.deepEqual(ui.extra, { port: '8000', host: undefined });
    assert.deepEqual(ui.tools, ['web_search']);
    assert.equal(ui.task, undefined);
  });
});

describe('loadTools', () => {
  const registry = async () => ({
    defaultToolNames: ['web_search', 'final_answer'] as const,
    createDefaultTool: async (name: string) =>
      tool({ name, description: `the ${name} tool`, inputSchema: z.object({}), execute: () => name }),
  });

  it('makes default tools by name and refuses unknown names before making any', async () => {
    const tools = await loadTools(['web_search'], { cwd: '/', registry });
    assert.deepEqual(tools.map((entry) => entry.name), ['web_search']);
    await assert.rejects(loadTools(['web_search', 'web_serch'], { cwd: '/', registry }), (error: Error) => {
      assert.ok(error instanceof CliUsageError);
      assert.match(error.message, /Unknown tool 'web_serch'\. Known tools: web_search, final_answer/);
      return true;
    });
  });

  it('tells paths from names', () => {
    assert.equal(isModulePath('./tools.ts'), true);
    assert.equal(isModulePath('/abs/tools.js'), true);
    assert.equal(isModulePath('tools.mjs'), true);
    assert.equal(isModulePath('web_search'), false);
  });

  it('asTool accepts tools and tool-shaped objects, and nothing else', async () => {
    const real = tool({ name: 'a', description: 'A', inputSchema: z.object({}), execute: () => 1 });
    assert.equal(asTool(real), real);
    const plain = asTool({ name: 'b', description: 'B', inputSchema: { type: 'object', properties: { x: { type: 'number' } } }, execute: ({ x }: { x: number }) => x + 1 });
    assert.ok(plain);
    assert.equal(await plain.call({ x: 1 }), 2);
    await assert.rejects(plain.validate({ x: 'no' }), /Invalid arguments for tool 'b'/);
    for (const value of [42, null, 'tool', { name: 'c', description: 'C' }, { name: 'd', description: 'D', inputSchema: {} }]) {
      assert.equal(asTool(value), undefined, JSON.stringify(value));
    }
  });
});

describe('describeFailure', () => {
  it('maps each failure to one line and an exit code', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
    const network = new ModelError('Could not reach the model server: Connection error.', { retryable: true, cause: new Error('fetch failed', { cause: refused }) });
    const generation = new AgentGenerationError('Error while generating output with m: ...', [], { cause: network });
    assert.deepEqual(describeFailure(generation, { apiBase: 'http://127.0.0.1:1/v1' }), {
      message: 'Cannot reach the API at http://127.0.0.1:1/v1 (ECONNREFUSED) — check --api-base (or OPENAI_BASE_URL) and that the server is running.',
      exitCode: 1,
    });
    const notFound = new ModelError('Model request failed (404): no such model', { status: 404, providerMessage: 'no such model' });
    assert.match(describeFailure(notFound).message, /answered 404: no such model — check --model-id/);
    assert.deepEqual(describeFailure(new CliUsageError('bad\nflag')), { message: 'bad flag', exitCode: 2 });
    assert.equal(describeFailure(new ModelConfigurationError('No model configured.')).exitCode, 1);
    assert.equal(describeFailure(new AgentAbortedError('The run was aborted.', [])).exitCode, 130);
    assert.deepEqual(describeFailure(new TypeError('boom')), { message: 'TypeError: boom', exitCode: 1 });
  });
});
