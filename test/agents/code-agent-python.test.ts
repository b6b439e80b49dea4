import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { contentText } from '../../src/models/message-content.js';

const py = (code: string, thought = 'Thought: next') => `${thought}\nCode:\n\`\`\`py\n${code}\n\`\`\`<end_code>`;

const population = tool({
  name: 'population',
  description: 'Population of a city, in millions.',
  inputSchema: z.object({ city: z.string().describe('City name') }),
  outputType: 'number',
  execute: ({ city }) => ({ Shanghai: 26, Guangzhou: 15 })[city] ?? 0,
});

describe('CodeAgent with Python (PyodideExecutor)', () => {
  // One child for the file: Pyodide takes seconds to load. Each agent gets it through `executor`.
  let executor: PyodideExecutor;
  before(() => {
    executor = new PyodideExecutor({ timeoutMs: 10_000 });
  });
  after(async () => {
    await executor.dispose();
  });

  test('runs Python actions that call tools; prints become observations; the prompt is Python', async () => {
    const model = new ScriptedModel([
      py('sizes = {city: population(city=city) for city in ["Shanghai", "Guangzhou"]}\nprint(sizes)'),
      py('final_answer(max(sizes, key=sizes.get))'),
    ]);
    const agent = new CodeAgent({ model, tools: [population], executor });
    const result = await agent.run('Which city is bigger?', { returnFullResult: true });
    assert.equal(result.output, 'Shanghai');
    assert.equal(result.state, 'success');
    assert.equal(agent.language, 'python');
    const observation = contentText(model.calls[1]!.messages.at(-1)!.content);
    assert.match(observation, /^Observation:\nExecution logs:\n\{'Shanghai': 26, 'Guangzhou': 15\}/);
    const system = contentText(model.calls[0]!.messages[0]!.content);
    assert.match(system, /def population\(city: str\) -> float:\n {4}"""Population of a city, in millions\./);
    assert.match(system, /```py\n/);
    assert.match(system, /You may import only these modules: .*\bcollections\b/);
  });

  test('an execution error names the type and line, keeps the logs, and the model can fix it', async () => {
    const model = new ScriptedModel([
      py('kept = 41\nprint("before")\nundefined_function()'),
      py('final_answer(kept + 1)'),
    ]);
    const agent = new CodeAgent({ model, executor });
    assert.equal(await agent.run('Make 42.'), 42);
    const [first] = agent.memory.actionSteps;
    assert.equal(first!.error?.type, 'AgentExecutionError');
    assert.match(first!.error!.message, /at line 3 due to: NameError: name 'undefined_function' is not defined/);
    assert.match(first!.observations ?? '', /before/);
  });

  test('a refused import is an error the model reads, with the allowed modules', async () => {
    const model = new ScriptedModel([py('import os\nos.listdir("/")'), py('import math\nfinal_answer(math.floor(2.5))')]);
    const agent = new CodeAgent({ model, executor });
    assert.equal(await agent.run('Floor of 2.5?'), 2);
    const errorMessage = contentText(model.calls[1]!.messages.at(-1)!.content);
    assert.match(errorMessage, /ImportError: Import of 'os' is not allowed\. Allowed modules: .*math/);
  });
});
