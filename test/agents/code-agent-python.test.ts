import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { tool } from '../../src/tools/tool.js';
import { contentText } from '../../src/models/message-content.js';

const py = (code: string, thought = 'Next.') => `${thought}\n\`\`\`python\n${code}\n\`\`\``;

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
    assert.match(observation, /^Observation:\n\{'Shanghai': 26, 'Guangzhou': 15\}/);
    const system = contentText(model.calls[0]!.messages[0]!.content);
    assert.match(system, /def population\(city: str\) -> float:\n {4}"""Population of a city, in millions\./);
    assert.match(system, /```python\n/);
    assert.match(system, /Modules your code may import: .*\bcollections\b/);
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

  test('observations are in Python words: a last value as repr, no value left out, never "undefined"', async () => {
    const model = new ScriptedModel([
      py('record = {"ok": True, "missing": None, "name": "it\'s", "share": 0.5}\nrecord'),
      py('quiet = 1'),
      py('print("printed")\nNone'),
      py('print("partial")\nraise ValueError("bad input")'),
      py('final_answer(quiet)'),
    ]);
    const agent = new CodeAgent({ model, executor });
    assert.equal(await agent.run('Show values.'), 1);
    const observations = model.calls.slice(1).map((call) => call.messages.at(-1)!);
    assert.deepEqual(
      observations.map((message) => message.content),
      [
        `Observation:\nValue of the last expression:\n{'ok': True, 'missing': None, 'name': "it's", 'share': 0.5}`,
        'Observation:\n(The code printed nothing.)',
        'Observation:\nprinted',
        'Observation:\npartial\nError:\nCode execution failed at line 2 due to: ValueError: bad input',
      ],
    );
    assert.ok(observations.every((message) => message.role === 'user'));
    // The answer stays in memory for a follow-up task (or a refusal) to read.
    assert.equal(agent.memory.actionSteps.at(-1)!.observations, 'The code called final_answer with:\n1');
    for (const call of model.calls) {
      for (const message of call.messages.filter((message) => message.role === 'user')) assert.doesNotMatch(contentText(message.content), /\bundefined\b/);
    }
  });

  test('a parameter named after a Python keyword is shown as from_ and reaches the tool as from, in every calling form', async () => {
    const trains = tool({
      name: 'find_trains',
      description: 'Trains between two stations.',
      inputSchema: z.object({ from: z.string().describe('Station code'), to: z.string() }),
      outputType: 'string',
      execute: ({ from, to }) => `${from}->${to}`,
    });
    const model = new ScriptedModel([
      py('print(find_trains(from_="AMS", to="PAR"))\nprint(find_trains("AMS", "BRU"))\nprint(find_trains(**{"from": "AMS", "to": "LUX"}))\nprint(find_trains({"from": "AMS", "to": "CGN"}))'),
      py('find_trains("AMS", from_="BRU", to="PAR")'),
      py('final_answer("done")'),
    ]);
    const agent = new CodeAgent({ model, tools: [trains], executor });
    assert.equal(await agent.run('Trains?'), 'done');
    const system = contentText(model.calls[0]!.messages[0]!.content);
    assert.match(system, /def find_trains\(from_: str, to: str\) -> str:/);
    assert.match(system, /from_: Station code \(the tool's parameter 'from', which Python cannot use as a name\)/);
    assert.equal(model.calls[1]!.messages.at(-1)!.content, 'Observation:\nAMS->PAR\nAMS->BRU\nAMS->LUX\nAMS->CGN');
    assert.match(contentText(model.calls[2]!.messages.at(-1)!.content), /TypeError: find_trains\(\) got multiple values for argument 'from_'/);
  });
});
