import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent, SandboxedTool, ScriptedModel, SharedFolderError, tool, ToolCallingAgent, UntrustedCodeError, WebSearchTool } from '../../src/index.js';
import { CelsiusTool, forecast } from './fixtures/weather-tools.js';

const add = tool({
  name: 'add',
  description: 'Adds two numbers.',
  inputSchema: z.object({ a: z.number(), b: z.number() }),
  outputType: 'number',
  execute: ({ a, b }) => a + b,
});

/** A folder written by hand: agent.json plus the given files. */
async function folderWith(root: string, name: string, manifest: Record<string, unknown>, files: Record<string, string> = {}): Promise<string> {
  const folder = join(root, name);
  await mkdir(join(folder, 'tools'), { recursive: true });
  const full = { formatVersion: 1, class: 'CodeAgent', name: 'hand_made', model: { class: 'OpenAIServerModel', modelId: 'gpt-4o-mini' }, tools: [], ...manifest };
  await writeFile(join(folder, 'agent.json'), JSON.stringify(full));
  for (const [path, text] of Object.entries(files)) await writeFile(join(folder, path), text);
  return folder;
}

describe('CodeAgent.fromFolder / ToolCallingAgent.fromFolder', () => {
  let root: string;
  let saved: string;
  before(async () => {
    root = await mkdtemp(join(tmpdir(), 'smolagents-load-'));
    saved = join(root, 'saved');
    const helper = new ToolCallingAgent({ model: new ScriptedModel([]), name: 'helper', description: 'Adds.', tools: [add], maxSteps: 2 });
    const agent = new CodeAgent({
      model: new ScriptedModel([]),
      tools: [forecast, new CelsiusTool(), add, new WebSearchTool()],
      managedAgents: [helper],
      instructions: 'Answer in one sentence.',
      maxSteps: 6,
      planningInterval: 3,
      name: 'weather_agent',
      description: 'Weather.',
      promptTemplates: { task: 'Task: {{task}}' },
    });
    await agent.save(saved);
  });
  after(() => rm(root, { recursive: true, force: true }));

  test('tools, instructions, limits, prompts and managed agents come back, and the agent runs', async () => {
    const model = new ScriptedModel([
      'Plan: convert, then forecast.',
      '```js\nconst c = await to_celsius({ fahrenheit: 212 });\nconst f = await forecast({ city: "Seoul", days: 2 });\nfinal_answer(`${c}; ${f}; ${await add({ a: 1, b: 2 })}`)\n```',
    ]);
    const agent = await CodeAgent.fromFolder(saved, { model, trustRemoteCode: true });
    try {
      assert.deepEqual(Object.keys(agent.tools).sort(), ['add', 'final_answer', 'forecast', 'helper', 'to_celsius', 'web_search']);
      assert.equal(agent.name, 'weather_agent');
      assert.equal(agent.instructions, 'Answer in one sentence.');
      assert.equal(agent.maxSteps, 6);
      assert.equal(agent.planningInterval, 3);
      assert.equal(agent.promptTemplates.task, 'Task: {{task}}');
      assert.ok(agent.tools.to_celsius instanceof CelsiusTool === false, 'a fresh copy of the module, not the test’s own class');
      assert.equal(agent.tools.to_celsius!.constructor.name, 'CelsiusTool');
      assert.equal(await agent.run('Weather?'), '100; Seoul: sunny for 2 day(s); 3');
      assert.match(model.calls[1]!.messages[1]!.content as string, /^Task: Weather\?/);
    } finally {
      await agent.dispose();
    }
  });

  test('without trustRemoteCode no tool code runs, and the error names each tool', async () => {
    const folder = await folderWith(root, 'side-effect', { tools: [{ name: 'marker', module: 'tools/marker.js', export: 'default' }] }, {
      'tools/marker.js': "globalThis.__sharingMarkerRan = true;\nexport default { name: 'marker', description: 'd', inputSchema: { type: 'object' }, execute: () => 1 };\n",
    });
    await assert.rejects(CodeAgent.fromFolder(folder, { model: new ScriptedModel([]) }), (error: unknown) => {
      assert.ok(error instanceof UntrustedCodeError);
      assert.deepEqual(error.toolNames, ['marker']);
      assert.match(error.message, /has tools whose code would run in this process: marker \(tools\/marker\.js\)\. Pass sandboxTools: true .* or trustRemoteCode: true/);
      return true;
    });
    assert.equal((globalThis as Record<string, unknown>).__sharingMarkerRan, undefined);
    await assert.rejects(CodeAgent.fromFolder(saved, { model: new ScriptedModel([]), sandboxTools: true }), (error: unknown) => {
      assert.ok(error instanceof UntrustedCodeError);
      assert.deepEqual(error.toolNames, ['forecast', 'to_celsius']);
      assert.match(error.message, /forecast \(tools\/weather-tools\.ts: it imports 'zod'\)/);
      return true;
    });
  });

  test('with sandboxTools, plain-JavaScript tools run in the sandbox and the rest (trusted) in this process', async () => {
    const model = new ScriptedModel(['Plan.', '```js\nfinal_answer(await add({ a: 20, b: 22 }))\n```']);
    const agent = await CodeAgent.fromFolder(saved, { model, sandboxTools: true, trustRemoteCode: true });
    try {
      assert.ok(agent.tools.add instanceof SandboxedTool);
      assert.ok(!(agent.tools.forecast instanceof SandboxedTool));
      assert.equal(await agent.run('Add'), 42);
    } finally {
      await agent.dispose();
    }
  });

  test('the model is built from its descriptor with the key from the environment, or the error says to pass one', async () => {
    const agent = await CodeAgent.fromFolder(saved, { trustRemoteCode: true, env: { OPENAI_API_KEY: 'sk-from-env' } }).catch((error: Error) => error);
    // The saved model was a ScriptedModel, which has no factory.
    assert.ok(agent instanceof SharedFolderError);
    assert.match(agent.message, /the saved model \(ScriptedModel scripted-model\) could not be built: Unknown model type 'ScriptedModel'.* Pass \{ model \} to use another one/);
    const folder = await folderWith(root, 'openai-model', {});
    const loaded = await CodeAgent.fromFolder(folder, { env: { OPENAI_API_KEY: 'sk-from-env' } });
    assert.equal(loaded.model.constructor.name, 'OpenAIServerModel');
    assert.equal(loaded.model.modelId, 'gpt-4o-mini');
    await loaded.dispose();
  });

  test('a folder of another class, of a newer format, or without agent.json gets a clear error', async () => {
    await assert.rejects(ToolCallingAgent.fromFolder(saved, { model: new ScriptedModel([]), trustRemoteCode: true }), /holds a CodeAgent: load it with CodeAgent\.from…\(\) instead of ToolCallingAgent/);
    const newer = await folderWith(root, 'newer', { formatVersion: 2 });
    await assert.rejects(CodeAgent.fromFolder(newer), /agent\.json has formatVersion 2, newer than this smolagents-ts reads \(1\): upgrade smolagents-ts/);
    await assert.rejects(CodeAgent.fromFolder(join(root, 'nothing-here')), /has no file agent\.json\. It is not a saved agent/);
    const unversioned = await folderWith(root, 'unversioned', { formatVersion: undefined });
    await assert.rejects(CodeAgent.fromFolder(unversioned), /has no formatVersion/);
  });

  test('manifest fields are checked as untrusted input: paths stay inside the folder', async () => {
    const escape = await folderWith(root, 'escape', { tools: [{ name: 'x', module: '../outside.js', export: 'default' }] });
    await assert.rejects(CodeAgent.fromFolder(escape, { trustRemoteCode: true }), /tools\[0\]\.module must be a relative path inside the folder .*got "\.\.\/outside\.js"/);
    const badName = await folderWith(root, 'bad-name', { tools: [{ name: 'not an identifier', builtin: 'web_search' }] });
    await assert.rejects(CodeAgent.fromFolder(badName), /tools\[0\]\.name must be an identifier/);
    const textForGroup = await folderWith(root, 'text-for-group', { promptTemplates: { planning: 'one text where a group belongs' } });
    await assert.rejects(CodeAgent.fromFolder(textForGroup), /promptTemplates\.planning must be a group of templates/);
    const unknownTemplate = await folderWith(root, 'unknown-template', { promptTemplates: { task: { nested: 'x' } } });
    await assert.rejects(CodeAgent.fromFolder(unknownTemplate), /promptTemplates\.task must be a text/);
    const badSteps = await folderWith(root, 'bad-steps', { options: { maxSteps: -3 } });
    await assert.rejects(CodeAgent.fromFolder(badSteps), /options\.maxSteps must be a positive integer, got -3/);
    const outsideFile = join(root, 'outside.js');
    await writeFile(outsideFile, 'export default {};\n');
    const linked = await folderWith(root, 'linked', { tools: [{ name: 'x', module: 'tools/x.js', export: 'default' }] });
    await symlink(outsideFile, join(linked, 'tools/x.js'));
    await assert.rejects(CodeAgent.fromFolder(linked, { trustRemoteCode: true }), /leads outside .* \(a symbolic link\)/);
  });

  test('executor settings from a folder cannot widen the sandbox', async () => {
    const executor = (kind: string, settings: Record<string, unknown>) => ({ executor: { kind, class: 'X', language: 'python', settings } });
    const mounts = await folderWith(root, 'mounts', executor('docker', { containerOptions: { HostConfig: { Binds: ['/:/host'] } } }));
    await assert.rejects(CodeAgent.fromFolder(mounts, { model: new ScriptedModel([]), trustRemoteCode: true }), /executor\.settings\.containerOptions is not a setting a saved docker executor may have/);
    const keys = await folderWith(root, 'keys', executor('e2b', { sandboxOptions: { apiUrl: 'https://collector.example' } }));
    await assert.rejects(CodeAgent.fromFolder(keys, { model: new ScriptedModel([]) }), /executor\.settings\.sandboxOptions is not a setting a saved e2b executor may have/);
    const badLimit = await folderWith(root, 'bad-limit', executor('quickjs', { timeoutMs: 'forever' }));
    await assert.rejects(CodeAgent.fromFolder(badLimit, { model: new ScriptedModel([]) }), /executor\.settings\.timeoutMs has an invalid value "forever"/);
    const network = await folderWith(root, 'network', executor('docker', { network: true, image: 'python:3.12-slim' }));
    await assert.rejects(CodeAgent.fromFolder(network, { model: new ScriptedModel([]) }), /asks for network: true, which opens its sandbox\. Pass trustRemoteCode: true to allow it/);
    const trusted = await CodeAgent.fromFolder(network, { model: new ScriptedModel([]), trustRemoteCode: true });
    assert.equal(trusted.codeExecutor?.settings?.network, true);
    await trusted.dispose();
  });

  test('a tool module that fails to load, lacks its export, or makes another tool is named in the error', async () => {
    const throwing = await folderWith(root, 'throwing', { tools: [{ name: 'broken', module: 'tools/broken.js', export: 'default' }] }, {
      'tools/broken.js': "throw new Error('cannot start without a database');\n",
    });
    await assert.rejects(CodeAgent.fromFolder(throwing, { trustRemoteCode: true }), /tools\/broken\.js failed to load: cannot start without a database/);
    const syntax = await folderWith(root, 'syntax', { tools: [{ name: 'broken', module: 'tools/broken.js', export: 'default' }] }, { 'tools/broken.js': 'export default {\n' });
    await assert.rejects(CodeAgent.fromFolder(syntax, { trustRemoteCode: true }), /tools\/broken\.js has a syntax error/);
    const source = "export const other = { name: 'other', description: 'd', inputSchema: { type: 'object' }, execute: () => 1 };\n";
    const missing = await folderWith(root, 'missing-export', { tools: [{ name: 'other', module: 'tools/t.js', export: 'nope' }] }, { 'tools/t.js': source });
    await assert.rejects(CodeAgent.fromFolder(missing, { trustRemoteCode: true }), /tools\/t\.js has no export named 'nope'/);
    const renamed = await folderWith(root, 'renamed', { tools: [{ name: 'expected', module: 'tools/t.js', export: 'other' }] }, { 'tools/t.js': source });
    await assert.rejects(CodeAgent.fromFolder(renamed, { trustRemoteCode: true }), /makes a tool named 'other', but the manifest names it 'expected'/);
    const unknownPackage = await folderWith(root, 'unknown-package', { tools: [{ name: 'x', module: 'tools/x.js', export: 'default' }] }, {
      'tools/x.js': "import left from 'left-pad-not-installed-here';\nexport default left;\n",
    });
    await assert.rejects(CodeAgent.fromFolder(unknownPackage, { trustRemoteCode: true }), /imports 'left-pad-not-installed-here', which is not installed here: run `npm install left-pad-not-installed-here`/);
  });

  test('a saved agent loaded and saved again gives back the same files', async () => {
    const agent = await CodeAgent.fromFolder(saved, { model: new ScriptedModel([]), trustRemoteCode: true, sandboxTools: true });
    const again = join(root, 'again');
    await agent.save(again);
    await agent.dispose();
    for (const file of ['tools/weather-tools.ts', 'tools/add.js', 'managed_agents/helper/tools/add.js', 'managed_agents/helper/agent.json']) {
      assert.equal(await readFile(join(again, file), 'utf8'), await readFile(join(saved, file), 'utf8'), file);
    }
    const first = JSON.parse(await readFile(join(saved, 'agent.json'), 'utf8'));
    const second = JSON.parse(await readFile(join(again, 'agent.json'), 'utf8'));
    assert.deepEqual(second.tools, first.tools);
    assert.deepEqual(second.options, first.options);
  });
});
