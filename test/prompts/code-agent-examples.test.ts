import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { CodeExecutor } from '../../src/executors/executor.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import type { CodeAgentExample } from '../../src/prompts/code-agent-examples.js';
import { javascriptCodeAgentExamples } from '../../src/prompts/code-agent-javascript.js';
import { pythonCodeAgentExamples } from '../../src/prompts/code-agent-python.js';
import { renderPythonToolSignature } from '../../src/tools/render-python.js';
import { renderTypeScriptToolSignature } from '../../src/tools/render-typescript.js';
import { tool, type Tool } from '../../src/tools/tool.js';

// The examples' tools, with the data the examples' observations show. Each example is run through a
// real agent and executor: what the model would read back must be exactly what the example shows.

const repositories = [
  { name: 'anvil', stars: 1200, archived: false },
  { name: 'bellows', stars: 300, archived: true },
  { name: 'crucible', stars: 89, archived: false },
];

const exampleTools: Record<string, Tool> = {
  list_repositories: tool({
    name: 'list_repositories',
    description: 'Lists the repositories of a user or an organisation.',
    inputSchema: z.object({ owner: z.string() }),
    outputSchema: z.array(z.object({ name: z.string(), stars: z.number().int(), archived: z.boolean() })),
    execute: ({ owner }) => (owner === 'acme-labs' ? repositories : []),
  }),
  release_notes: tool({
    name: 'release_notes',
    description: 'The release notes of one version of a package, as markdown.',
    inputSchema: z.object({ package: z.string(), version: z.string() }),
    outputType: 'string',
    execute: ({ package: name, version }) =>
      `## ${name} ${version}\n- Node 18 or later is now required.\n- parse() returns objects keyed by the header row.`,
  }),
  weekly_downloads: tool({
    name: 'weekly_downloads',
    description: 'How many times a package was downloaded from the registry last week.',
    inputSchema: z.object({ package: z.string() }),
    outputType: 'integer',
    execute: ({ package: name }) => {
      const downloads: Record<string, number> = { 'left-trim': 48_210, 'str-fmt': 9_120 };
      if (!(name in downloads)) throw new Error(`No package named '${name}' in the registry.`);
      return downloads[name]!;
    },
  }),
};

/** The example's tools: those whose declarations it shows. */
function toolsOf(example: CodeAgentExample): Tool[] {
  return Object.values(exampleTools).filter((candidate) => example.tools.includes(`function ${candidate.name}(`) || example.tools.includes(`def ${candidate.name}(`));
}

async function runExample(example: CodeAgentExample, fence: string, executor?: CodeExecutor): Promise<{ model: ScriptedModel; output: unknown }> {
  const model = new ScriptedModel(example.steps.map((step) => `${step.reply}\n\`\`\`${fence}\n${step.code}\n\`\`\``));
  const agent = new CodeAgent({ model, tools: toolsOf(example), ...(executor ? { executor } : {}), maxSteps: example.steps.length });
  try {
    const result = await agent.run(example.task, { returnFullResult: true });
    assert.equal(result.state, 'success', `${example.title}: ends with final_answer`);
    assert.deepEqual(
      agent.memory.actionSteps.map((step) => step.error?.message),
      example.steps.map(() => undefined),
      `${example.title}: no step fails`,
    );
    return { model, output: result.output };
  } finally {
    if (!executor) await agent.dispose();
  }
}

function checkObservations(example: CodeAgentExample, model: ScriptedModel): void {
  example.steps.forEach((step, index) => {
    const next = model.calls[index + 1];
    if (step.observation === undefined) {
      assert.equal(next, undefined, `${example.title}: step ${index + 1} answers, so nothing follows it`);
      return;
    }
    const message = next!.messages.at(-1)!;
    assert.equal(message.role, 'user');
    assert.equal(message.content, step.observation, `${example.title}: the observation after step ${index + 1}`);
  });
}

const expectedAnswers = [1289, 'No: tidy-csv 3.0.0 requires Node 18 or later.', 'left-trim, with 48,210 downloads last week (pad-kit is not in the registry).'];

describe('the JavaScript examples in the system prompt', () => {
  test('declare their tools exactly as the agent declares tools', () => {
    for (const example of javascriptCodeAgentExamples) {
      assert.equal(example.tools, toolsOf(example).map(renderTypeScriptToolSignature).join('\n\n'), example.title);
    }
  });

  test('show exactly the observations that the QuickJS executor and the agent produce', async () => {
    for (const [index, example] of javascriptCodeAgentExamples.entries()) {
      const { model, output } = await runExample(example, 'js');
      checkObservations(example, model);
      assert.deepEqual(output, expectedAnswers[index]);
    }
  });
});

describe('the Python examples in the system prompt', () => {
  let executor: PyodideExecutor;
  before(() => {
    executor = new PyodideExecutor({ timeoutMs: 10_000 });
  });
  after(async () => {
    await executor.dispose();
  });

  test('declare their tools exactly as the agent declares tools', () => {
    for (const example of pythonCodeAgentExamples) {
      assert.equal(example.tools, toolsOf(example).map(renderPythonToolSignature).join('\n\n'), example.title);
    }
  });

  test('show exactly the observations that the Pyodide executor and the agent produce', async () => {
    for (const [index, example] of pythonCodeAgentExamples.entries()) {
      const { model, output } = await runExample(example, 'python', executor);
      checkObservations(example, model);
      assert.deepEqual(output, expectedAnswers[index]);
    }
  });

  test('teach the same tasks as the JavaScript ones', () => {
    assert.deepEqual(
      pythonCodeAgentExamples.map((example) => example.task),
      javascriptCodeAgentExamples.map((example) => example.task),
    );
  });
});
