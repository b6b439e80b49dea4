import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { PyodideExecutor } from '../../src/executors/pyodide/pyodide-executor.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { tool } from '../../src/tools/tool.js';
import { startOpenAIWireServer, type RecordedRequest, type WireReply } from '../support/openai-wire-server.js';

// Every kind of request an agent makes (plan, plan update, action steps after a failed step, the
// answer from memory), as the provider receives it: no role ever follows itself, since some chat
// templates and providers refuse that, and no request ends on the model's own message.

const lookup = tool({
  name: 'lookup',
  description: 'Looks a key up.',
  inputSchema: z.object({ key: z.string() }),
  outputType: 'string',
  execute: ({ key }) => {
    if (key === 'missing') throw new Error(`No record for '${key}'.`);
    return `value of ${key}`;
  },
});

function checkRoles(requests: RecordedRequest[]): void {
  const completions = requests.filter((request) => Array.isArray(request.body?.messages));
  assert.equal(completions.length, 6, 'plan, three steps, plan update, answer from memory');
  for (const [index, request] of completions.entries()) {
    const roles: string[] = request.body.messages.map((message: { role: string }) => message.role);
    roles.forEach((role, at) => {
      if (at > 0 && role !== 'tool') assert.notEqual(role, roles[at - 1], `request ${index + 1}: ${roles.join(', ')}`);
    });
    assert.notEqual(roles.at(-1), 'assistant', `request ${index + 1} ends on a ${roles.at(-1)} message`);
  }
}

async function runCodeAgent(fence: string, codes: string[], executor?: PyodideExecutor): Promise<RecordedRequest[]> {
  const block = (code: string) => `Next.\n\`\`\`${fence}\n${code}\n\`\`\``;
  const server = await startOpenAIWireServer({
    replies: ['1. Look it up.\n2. Answer.', block(codes[0]!), block(codes[1]!), '1. Answer.', 'I think it is 42.', 'value of a'],
  });
  const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
  const agent = new CodeAgent({ model, tools: [lookup], planningInterval: 2, maxSteps: 3, ...(executor ? { executor } : {}) });
  try {
    const result = await agent.run('Find the value of a.', { returnFullResult: true });
    assert.equal(result.state, 'max_steps_error');
    assert.deepEqual(
      agent.memory.actionSteps.map((step) => step.error?.type),
      ['AgentExecutionError', 'AgentExecutionError', 'AgentParsingError', 'AgentMaxStepsError'],
    );
    return server.requests;
  } finally {
    if (!executor) await agent.dispose();
    await server.close();
  }
}

describe('roles alternate in every request', () => {
  test('JavaScript code agent: a step that printed and then failed, a failing tool, a reply without code', async () => {
    const requests = await runCodeAgent('js', ['console.log("half");\nnull.x;', 'await lookup({ key: "missing" });']);
    checkRoles(requests);
    // What the failed step printed and its error are one message.
    const afterFailure = requests[2]!.body.messages.at(-1).content as string;
    assert.match(afterFailure, /^Observation:\nhalf\nError:\nCode execution failed at line 2 due to: TypeError/);
  });

  describe('Python code agent', () => {
    let executor: PyodideExecutor;
    before(() => {
      executor = new PyodideExecutor({ timeoutMs: 10_000 });
    });
    after(async () => {
      await executor.dispose();
    });

    test('a step that printed and then failed, a failing tool, a reply without code', async () => {
      const requests = await runCodeAgent('python', ['print("half")\n1 / 0', 'lookup(key="missing")'], executor);
      checkRoles(requests);
      const afterFailure = requests[2]!.body.messages.at(-1).content as string;
      assert.match(afterFailure, /^Observation:\nhalf\nError:\nCode execution failed at line 2 due to: ZeroDivisionError/);
    });
  });

  test('tool-calling agent: a failing tool, a reply without a tool call; no stop sequences, no text-agent labels', async () => {
    const replies: WireReply[] = [
      { content: '1. Look it up.\n2. Answer.' },
      { toolCalls: [{ id: 'a', name: 'lookup', arguments: { key: 'missing' } }, { id: 'b', name: 'lookup', arguments: { key: 'a' } }] },
      { content: 'I will think about it.' },
      { content: '1. Answer.' },
      { toolCalls: [{ id: 'c', name: 'lookup', arguments: { key: 'a' } }] },
      { content: 'value of a' },
    ];
    const server = await startOpenAIWireServer({ replies });
    const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
    const agent = new ToolCallingAgent({ model, tools: [lookup], planningInterval: 2, maxSteps: 3 });
    try {
      const result = await agent.run('Find the value of a.', { returnFullResult: true });
      assert.equal(result.state, 'max_steps_error');
      checkRoles(server.requests);
      const actionRequests = server.requests.filter((request) => Array.isArray(request.body?.tools));
      assert.equal(actionRequests.length, 3);
      for (const request of actionRequests) assert.equal(request.body.stop, undefined, 'native tool calls need no stop sequences');
      const toolMessages = server.requests.at(-1)!.body.messages.filter((message: { role: string }) => message.role === 'tool');
      assert.deepEqual(
        toolMessages.map((message: { content: string }) => message.content),
        ["Error:\nTool 'lookup' failed with arguments {\"key\":\"missing\"}: No record for 'missing'.", 'value of a', 'value of a'],
      );
      const system = server.requests[1]!.body.messages[0].content as string;
      assert.doesNotMatch(system, /agent named|search agent|team member/i, 'no agents are mentioned when there are none');
      assert.doesNotMatch(system, /Observation:|Thought:/);
    } finally {
      await server.close();
    }
  });
});
