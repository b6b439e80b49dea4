import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../../src/agents/code-agent.js';
import { LocalJsExecutor } from '../../../src/executors/quickjs/local-js-executor.js';
import { contentText } from '../../../src/models/message-content.js';
import { ScriptedModel } from '../../../src/models/scripted-model.js';
import { tool } from '../../../src/tools/tool.js';

/**
 * With `reset: false` a sandbox outlives its run, and so does whatever the run's code did to it.
 * Code that poisons what the prelude or the host's protocol reaches for (the global object, Error's
 * setters, `globalThis`, the builtins) must cost the next run at most an error observation, never
 * the run itself, and the bridge must keep working: tool results, tool failures, prints, answers.
 */
const js = (code: string) => `Next.\n\`\`\`js\n${code}\n\`\`\``;
const fail = tool({ name: 'fail', description: 'Fails.', inputSchema: z.object({}), execute: () => { throw new Error('the tool failed'); } });
const echo = tool({ name: 'echo', description: 'Echo.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });

async function twoRuns(poison: string, secondRun: string[], additionalArgs?: Record<string, unknown>) {
  const model = new ScriptedModel([js(`${poison}\nfinal_answer("poisoned");`), ...secondRun.map(js)]);
  const agent = new CodeAgent({ model, tools: [fail, echo], executor: new LocalJsExecutor({ timeoutMs: 5_000 }), maxSteps: secondRun.length });
  try {
    assert.equal(await agent.run('Poison the sandbox.'), 'poisoned');
    const output = await agent.run('Carry on.', { reset: false, ...(additionalArgs ? { additionalArgs } : {}) });
    const observations = model.calls.slice(2).map((call) => contentText(call.messages.at(-1)!.content));
    return { output, observations };
  } finally {
    await agent.dispose();
  }
}

describe('a sandbox poisoned by an earlier run (reset: false) costs the next run no more than an observation', () => {
  for (const [name, poison] of [
    ['a global object that cannot be extended', 'Object.preventExtensions(globalThis);'],
    ['a frozen global object', 'Object.freeze(globalThis);'],
    ['a locked global with the variable’s name', 'Object.defineProperty(globalThis, "city", { get() { throw new Error("locked"); }, configurable: false });'],
  ]) {
    test(`${name}: the run's variables are refused with a message, and the run goes on`, async () => {
      const { output, observations } = await twoRuns(poison!, ['final_answer(typeof city);', 'final_answer("went on");'], { city: 'Seoul' });
      assert.equal(output, 'went on');
      assert.match(observations[0]!, /The run's variables could not be defined in the sandbox \(TypeError: .*\), so this step's code did not run/);
    });
  }

  test('setters on Error.prototype: tool failures still reach the code, with their message', async () => {
    const poison = 'Object.defineProperty(Error.prototype, "message", { set(value) { throw new Error("setter"); }, get() { return "poisoned message"; }, configurable: true });\nObject.defineProperty(Error.prototype, "name", { set(value) { while (true) {} }, get() { return "Poisoned"; }, configurable: true });';
    const { output } = await twoRuns(poison, ['let caught;\ntry { await fail({}); } catch (error) { caught = error.message; }\nfinal_answer(caught);']);
    assert.equal(output, "Tool 'fail' failed: the tool failed (line 2)");
  });

  test('globalThis replaced: functions declared in later steps are still published', async () => {
    const { output } = await twoRuns('globalThis = undefined;', ['function twice(n) { return 2 * n; }\n"declared"', 'final_answer(twice(21));']);
    assert.equal(output, 42);
  });

  test('the builtins the prelude uses replaced or removed: the bridge keeps working', async () => {
    // (The accessor first: Object.defineProperty is among the replaced.)
    const poison = [
      'Object.defineProperty(String.prototype, "message", { get() { throw new Error("no message"); }, configurable: true });',
      'JSON.stringify = () => { throw new Error("no stringify"); };',
      'JSON.parse = () => { throw new Error("no parse"); };',
      'Object.defineProperty = () => { throw new Error("no defineProperty"); };',
      'Reflect.apply = () => { throw new Error("no apply"); };',
      'Function.prototype.call = Function.prototype.apply = () => { throw new Error("no call"); };',
      'Promise.prototype.then = function () { throw new Error("no then"); };',
      'Array.prototype.join = String.prototype.slice = String.prototype.replace = () => "forged";',
      'RegExp.prototype.exec = () => null;',
      'Error = function () { throw "no Error"; };',
      'Symbol = undefined;',
    ].join('\n');
    const { output, observations } = await twoRuns(poison, [
      'print("printed", 1);\nconst echoed = await echo({ text: "hi" });\nlet failure;\ntry { await fail({}); } catch (error) { failure = error.message; }\n[echoed, failure]',
      'undefinedName;',
      'final_answer({ done: true });',
    ]);
    assert.deepEqual(output, { done: true });
    assert.match(observations[0]!, /printed 1/);
    assert.match(observations[0]!, /"hi"/);
    assert.match(observations[0]!, /Tool 'fail' failed: the tool failed \(line 4\)/);
    assert.match(observations[1]!, /ReferenceError/);
  });

  test('a setter on Array.prototype[0] (quickjs-ng\'s JSON.stringify runs it): outcomes stay readable, and undoing it restores the bridge', async () => {
    const poison = 'Object.defineProperty(Array.prototype, "0", { set() { throw new Error("no index"); }, configurable: true });';
    const { output, observations } = await twoRuns(poison, [
      'print("printed");\nawait echo({ text: "hi" });',
      'delete Array.prototype[0];\nfinal_answer(await echo({ text: "restored" }));',
    ]);
    assert.equal(output, 'restored');
    // The model's own values no longer serialize, and it is told so in its own error's words.
    assert.match(observations[0]!, /printed/);
    assert.match(observations[0]!, /ToolError: no index \(line 2\)/);
  });
});
