import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import {
  CodeAgent,
  FORMAT_VERSION,
  InferenceClientModel,
  LocalJsExecutor,
  OpenAIServerModel,
  ScriptedModel,
  SharedFolderError,
  tool,
  ToolCallingAgent,
  ToolSerializationError,
  WebSearchTool,
} from '../../src/index.js';
import { CelsiusTool, forecast } from './fixtures/weather-tools.js';

const SECRET = 'sk-do-not-write-this-key-0123456789';

const add = tool({
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  outputType: 'number',
  execute: ({ a, b }) => a + b,
});

function researchAgent(): CodeAgent {
  const helper = new ToolCallingAgent({
    model: new InferenceClientModel({ modelId: 'Qwen/Qwen2.5-72B-Instruct', provider: 'together', token: 'hf_secret_token_value' }),
    name: 'helper',
    description: 'Adds numbers for the manager.',
    tools: [add],
    maxSteps: 4,
  });
  return new CodeAgent({
    model: new OpenAIServerModel({ modelId: 'gpt-4o-mini', apiKey: SECRET, apiBase: 'http://127.0.0.1:9/v1' }),
    tools: [forecast, new CelsiusTool(), add, new WebSearchTool()],
    managedAgents: [helper],
    executor: new LocalJsExecutor({ timeoutMs: 5000, additionalAuthorizedImports: ['lodash-es'] }),
    additionalAuthorizedImports: ['lodash-es'],
    name: 'weather_agent',
    description: 'Answers questions about the weather.',
    instructions: 'Answer in one sentence.',
    maxSteps: 6,
    planningInterval: 3,
    maxOutputChars: 5000,
    promptTemplates: { planning: { initialPlan: 'Make a plan for: {{task}}' }, task: 'Task: {{task}}' },
  });
}

async function listFiles(directory: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = `${prefix}${entry.name}`;
    if (entry.isDirectory()) found.push(...(await listFiles(join(directory, entry.name), `${path}/`)));
    else found.push(path);
  }
  return found.sort();
}

describe('agent.save()', () => {
  let root: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'smolagents-save-'));
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('writes a versioned manifest, the tools as modules, managed agents as folders, and a README', async () => {
    const agent = researchAgent();
    const folder = join(root, 'weather');
    await agent.save(folder);
    await agent.dispose();
    assert.deepEqual(await listFiles(folder), [
      'README.md',
      'agent.json',
      'managed_agents/helper/README.md',
      'managed_agents/helper/agent.json',
      'managed_agents/helper/tools/add.js',
      'tools/add.js',
      'tools/weather-tools.ts',
    ]);
    const manifest = JSON.parse(await readFile(join(folder, 'agent.json'), 'utf8'));
    assert.equal(manifest.formatVersion, FORMAT_VERSION);
    assert.match(manifest.savedBy, /^smolagents-ts \d/);
    assert.equal(manifest.class, 'CodeAgent');
    assert.equal(manifest.name, 'weather_agent');
    assert.equal(manifest.description, 'Answers questions about the weather.');
    assert.deepEqual(manifest.options, {
      maxSteps: 6,
      planningInterval: 3,
      instructions: 'Answer in one sentence.',
      maxOutputChars: 5000,
      additionalAuthorizedImports: ['lodash-es'],
    });
    // Only what differs from the defaults: a later version's better defaults still apply to the rest.
    assert.deepEqual(manifest.promptTemplates, { task: 'Task: {{task}}', planning: { initialPlan: 'Make a plan for: {{task}}' } });
    assert.deepEqual(manifest.executor, {
      kind: 'quickjs',
      class: 'LocalJsExecutor',
      language: 'javascript',
      settings: {
        additionalAuthorizedImports: ['lodash-es'],
        timeoutMs: 5000,
        interruptGraceMs: 1000,
        maxConcurrentToolCalls: 16,
        maxCodeChars: 200000,
        memoryLimitBytes: 268435456,
        maxStackSizeBytes: 262144,
        maxPrintChars: 50000,
        maxValueChars: 1000000,
        maxToolCallsPerAction: 1000,
        maxPendingArgumentChars: 4000000,
      },
    });
    assert.deepEqual(manifest.model, { class: 'OpenAIServerModel', modelId: 'gpt-4o-mini' });
    assert.deepEqual(manifest.tools, [
      { name: 'forecast', module: 'tools/weather-tools.ts', export: 'forecast' },
      { name: 'to_celsius', module: 'tools/weather-tools.ts', export: 'CelsiusTool' },
      { name: 'add', module: 'tools/add.js', export: 'default' },
      { name: 'web_search', builtin: 'web_search' },
    ]);
    assert.deepEqual(manifest.managedAgents, [{ name: 'helper', folder: 'managed_agents/helper' }]);
    const helper = JSON.parse(await readFile(join(folder, 'managed_agents/helper/agent.json'), 'utf8'));
    assert.equal(helper.class, 'ToolCallingAgent');
    assert.deepEqual(helper.model, { class: 'InferenceClientModel', modelId: 'Qwen/Qwen2.5-72B-Instruct', provider: 'together' });
    assert.equal(helper.executor, undefined);

    const readme = await readFile(join(folder, 'README.md'), 'utf8');
    assert.match(readme, /^---\nlibrary_name: smolagents-ts\n/);
    assert.match(readme, /\| `add` \| Adds two numbers\. \| Plain JavaScript: in the QuickJS sandbox/);
    assert.match(readme, /\| `forecast` \| .* \| Only in your process \(`trustRemoteCode: true`\): it imports 'zod'\. \|/);
    assert.match(readme, /CodeAgent\.fromFolder\('path\/to\/this\/folder', \{ sandboxTools: true \}\)/);
  });

  test('no key or token given to a model reaches the disk', async () => {
    const agent = researchAgent();
    const folder = join(root, 'secrets');
    await agent.save(folder);
    await agent.dispose();
    for (const file of await listFiles(folder)) {
      const text = await readFile(join(folder, file), 'utf8');
      assert.ok(!text.includes(SECRET), `${file} holds the API key`);
      assert.ok(!text.includes('hf_secret_token_value'), `${file} holds the HF token`);
      assert.ok(!text.includes('127.0.0.1:9'), `${file} holds the API base`);
    }
  });

  test('a tool that cannot be saved fails the save before anything is written', async () => {
    const rate = 2;
    const scaled = tool({ name: 'scaled', description: 'Scales.', inputSchema: z.object({ x: z.number() }), execute: ({ x }) => x * rate });
    const agent = new CodeAgent({ model: new ScriptedModel([]), tools: [add, scaled] });
    const folder = join(root, 'never-written');
    await assert.rejects(agent.save(folder), ToolSerializationError);
    assert.deepEqual((await readdir(root)).filter((name) => name.includes('never-written')), []);
  });

  test('a write that fails part-way leaves the earlier save as it was, and no staging folder', async () => {
    const { writeFolderAtomically } = await import('../../src/sharing/write-folder.js');
    const folder = join(root, 'kept');
    await writeFolderAtomically(folder, new Map([['agent.json', '{"first": true}\n']]), 'agent.json');
    // "tools" as a file, then a file inside "tools/": the second write fails after the first succeeded.
    const clash = new Map([['agent.json', '{"second": true}\n'], ['tools', 'a file'], ['tools/x.js', 'export default 1;\n']]);
    await assert.rejects(writeFolderAtomically(folder, clash, 'agent.json'), /Could not write .*kept: .*\. Nothing was changed there\./);
    assert.equal(await readFile(join(folder, 'agent.json'), 'utf8'), '{"first": true}\n');
    assert.deepEqual((await readdir(root)).filter((name) => name.startsWith('.kept')), []);
  });

  test('saving again replaces an earlier save whole; a directory of other files is refused', async () => {
    const folder = join(root, 'again');
    await new CodeAgent({ model: new ScriptedModel([]), tools: [add, forecast] }).save(folder);
    await new CodeAgent({ model: new ScriptedModel([]), tools: [add] }).save(folder);
    assert.deepEqual(await listFiles(folder), ['README.md', 'agent.json', 'tools/add.js']);
    assert.deepEqual((await readdir(root)).filter((name) => name.startsWith('.again')), [], 'no staging folder left behind');

    const other = join(root, 'other');
    await mkdir(other);
    await writeFile(join(other, 'notes.txt'), 'mine');
    await assert.rejects(new CodeAgent({ model: new ScriptedModel([]), tools: [add] }).save(other), (error: unknown) => {
      assert.ok(error instanceof SharedFolderError);
      assert.match(error.message, /already holds other files \(no agent\.json\)/);
      return true;
    });
    assert.deepEqual(await readdir(other), ['notes.txt']);
  });

  test('Docker and E2B settings are recorded without connections or keys, and rebuilt on load', async () => {
    const { DockerExecutor, E2BExecutor } = await import('../../src/index.js');
    const docker = new DockerExecutor({ image: 'python:3.12-slim', memoryLimitMb: 256, cpus: 0.5, timeoutMs: 9000, docker: { socketPath: '/var/run/private.sock' }, containerOptions: { HostConfig: { Binds: ['/home:/home'] } } });
    const e2b = new E2BExecutor({ template: 'code-interpreter-v1', timeoutMs: 7000, sandboxOptions: { apiKey: 'e2b_secret_key_123' } });
    for (const [name, executor, kind] of [['docker', docker, 'docker'], ['e2b', e2b, 'e2b']] as const) {
      const folder = join(root, `executor-${name}`);
      await new CodeAgent({ model: new ScriptedModel([]), executor }).save(folder);
      const text = await readFile(join(folder, 'agent.json'), 'utf8');
      const manifest = JSON.parse(text);
      assert.equal(manifest.executor.kind, kind);
      assert.equal(manifest.executor.language, 'python');
      assert.deepEqual(manifest.executor.settings, JSON.parse(JSON.stringify(executor.settings)));
      for (const secret of ['private.sock', '/home:/home', 'e2b_secret_key_123']) assert.ok(!text.includes(secret), `${name}: ${secret} reached the disk`);
      // The key was not saved: the loader's E2B executor takes it from the environment, as a user's would.
      process.env.E2B_API_KEY = 'e2b_key_from_the_environment';
      const loaded = await CodeAgent.fromFolder(folder, { model: new ScriptedModel([]) }).finally(() => delete process.env.E2B_API_KEY);
      assert.equal(loaded.language, 'python', 'the Python prompts follow the executor');
      assert.equal(loaded.codeExecutor?.constructor, executor.constructor);
      assert.deepEqual(loaded.codeExecutor?.settings, executor.settings);
      await loaded.dispose();
    }
    assert.equal(JSON.parse(await readFile(join(root, 'executor-docker', 'agent.json'), 'utf8')).executor.settings.image, 'python:3.12-slim');
  });

  test('an executor of your own is recorded by class, and loading asks for one', async () => {
    const { LocalJsExecutor: Base } = await import('../../src/index.js');
    class AuditedExecutor extends Base {}
    const folder = join(root, 'custom-executor');
    await new CodeAgent({ model: new ScriptedModel([]), executor: new AuditedExecutor() }).save(folder);
    const manifest = JSON.parse(await readFile(join(folder, 'agent.json'), 'utf8'));
    assert.deepEqual(manifest.executor, { kind: 'custom', class: 'AuditedExecutor', language: 'javascript', settings: {} });
    await assert.rejects(CodeAgent.fromFolder(folder, { model: new ScriptedModel([]) }), /ran its code in an executor of its author's own \(AuditedExecutor\), which cannot be rebuilt here: pass \{ executor \} to load it/);
    const given = new Base();
    const loaded = await CodeAgent.fromFolder(folder, { model: new ScriptedModel([]), executor: given });
    assert.equal(loaded.codeExecutor, given);
    await loaded.dispose();
  });

  test('a function prompt template is refused with its name', async () => {
    const agent = new ToolCallingAgent({ model: new ScriptedModel([]), promptTemplates: { task: ({ task }) => `Do: ${task}` } });
    await assert.rejects(agent.save(join(root, 'function-template')), /The prompt template 'task' is a function, which cannot be saved/);
  });
});
