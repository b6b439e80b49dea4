import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../../src/agents/code-agent.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { MAX_VALUE_DEPTH } from '../../../src/executors/quickjs/sandbox-protocol.js';
import { contentText } from '../../../src/models/message-content.js';
import { ScriptedModel } from '../../../src/models/scripted-model.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * Values the guest shapes to hurt the host after they cross: nested thousands of levels deep (the
 * guest's JSON.stringify manages 16,000; recursive code on the host overflows its stack and the run
 * was lost), or wide and deep enough that pretty-printing them for the model builds gigabytes. Each
 * must end as an observation the model can act on, and the run must go on to its answer.
 */
const js = (code: string) => `Next.\n\`\`\`js\n${code}\n\`\`\``;
const deep = (levels: number, inner = '0', wrap = '[v]') => `let v = ${inner};\nfor (let i = 0; i < ${levels}; i++) v = ${wrap};`;

describe('deep and wide values crossing the bridge', () => {
  const received: unknown[] = [];
  const keep = tool({ name: 'keep', description: 'Keeps a value.', inputSchema: z.object({ value: z.unknown() }), execute: ({ value }) => (received.push(value), 'kept') });
  const executor = new LocalJsExecutor({ timeoutMs: 20_000 });
  after(() => executor.dispose());

  async function runSteps(firstStep: string) {
    const model = new ScriptedModel([js(firstStep), js('final_answer("carried on")')]);
    const agent = new CodeAgent({ model, tools: [keep], executor, maxOutputChars: 2_000 });
    const output = await agent.run('Attack.', { reset: false });
    const observation = contentText(model.calls[1]!.messages.at(-1)!.content);
    return { output, observation, step: agent.memory.actionSteps[0]! };
  }

  test(`a last value nested 8,000 levels deep is refused with a message, and the run goes on`, async () => {
    const { output, observation } = await runSteps(`${deep(8_000)}\nv`);
    assert.equal(output, 'carried on');
    assert.match(observation, new RegExp(`The value of the last expression is nested more than ${MAX_VALUE_DEPTH} levels deep`));
  });

  test('a final answer nested 8,000 levels deep is refused with a message, and the run goes on', async () => {
    const { output, observation, step } = await runSteps(`${deep(8_000, '"end"', '{ v }')}\nfinal_answer(v);`);
    assert.equal(output, 'carried on');
    assert.equal(step.isFinalAnswer, false);
    assert.match(observation, /The final answer is nested more than 100 levels deep/);
  });

  test('tool arguments nested 8,000 levels deep are refused before the tool runs', async () => {
    received.length = 0;
    const { output, observation } = await runSteps(`${deep(8_000)}\ntry { await keep({ value: v }); } catch (error) { print(error.message); }`);
    assert.equal(output, 'carried on');
    assert.equal(received.length, 0);
    assert.match(observation, /The arguments for tool 'keep' are nested more than 100 levels deep/);
  });

  test('a wide value within the depth limit is shown cut to maxOutputChars, with the exact count of the rest', async () => {
    const { output, observation } = await runSteps(`${deep(90, 'Array.from({ length: 50_000 }, (_, i) => i)')}\nv`);
    assert.equal(output, 'carried on');
    let value: unknown = Array.from({ length: 50_000 }, (_, index) => index);
    for (let level = 0; level < 90; level++) value = [value];
    const full = JSON.stringify(value, null, 2);
    assert.ok(observation.includes(full.slice(0, 1_000)));
    assert.match(observation, new RegExp(`\\[… ${full.length - 2_000} more characters not shown`));
  });

  test('values nested up to the limit still cross', async () => {
    const { observation } = await runSteps(`${deep(MAX_VALUE_DEPTH - 1)}\nawait keep({ value: v });\nv`);
    assert.match(observation, /Value of the last expression:\s*\[/);
    assert.equal(received.length, 1);
  });
});
