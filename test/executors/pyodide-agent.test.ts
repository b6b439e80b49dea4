import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { resultJson } from '../../src/cli/run-task.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';

test('a Python code agent: observations as Python shows values (never undefined), exact answers, memory that serializes', async () => {
  const model = new ScriptedModel([
    'Thought: set up.\n```py\nx = 6 * 7\n```',
    'Thought: look.\n```py\n{"x": x, "ok": True, "none": None}\n```',
    'Thought: answer.\n```py\nfinal_answer(2**100 + x)\n```',
  ]);
  const agent = new CodeAgent({ model, tools: [], executor: new PyodideExecutor({ timeoutMs: 10_000 }) });
  try {
    const result = await agent.run('compute', { returnFullResult: true });
    assert.equal(result.output, 2n ** 100n + 42n);
    const observations = result.steps.flatMap((step) => ('observations' in step && step.observations ? [step.observations] : []));
    assert.equal(observations[0], '(The code printed nothing.)', 'an assignment has no value to show');
    assert.match(observations[1]!, /\{'x': 42, 'ok': True, 'none': None\}$/);
    for (const observation of observations) assert.doesNotMatch(observation, /undefined/);
    const saved = JSON.stringify(agent.memory.toJSON());
    assert.match(saved, /"1267650600228229401496703205418"/, 'the exact answer is kept as its digits');
    assert.equal(JSON.parse(resultJson(result)).output, '1267650600228229401496703205418', 'smolagent --json writes it too');
  } finally {
    await agent.dispose();
  }
});
