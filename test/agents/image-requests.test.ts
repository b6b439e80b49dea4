/**
 * Images in every kind of request an agent makes (the first plan, action steps after a failed step,
 * the plan update, the answer from memory, typed or not), as the provider receives them through the
 * OpenAI wire server: each image where its step put it, and roles still alternating.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { StepCallback } from '../../src/agents/multi-step-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { toImagePart } from '../../src/models/images.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { tool } from '../../src/tools/tool.js';
import { startOpenAIWireServer, type RecordedRequest, type WireReply } from '../support/openai-wire-server.js';
import { solidPng } from '../support/test-images.js';

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

/** Each image's width says where it came from: 1 the task, 10 + n the screenshot after step n. */
const taskImage = solidPng(1, 1);
const screenshotAfter: StepCallback = (step) => {
  if (step.type === 'action' && !step.isFinalAnswer) step.observationImages = [toImagePart(solidPng(10 + step.stepNumber, 1))];
};

type WireMessage = { role: string; content: string | null | { type: string; text?: string; image_url?: { url: string } }[] };

/** The image widths of each message of a request (empty for text-only messages). */
function widths(request: RecordedRequest): number[][] {
  return (request.body.messages as WireMessage[]).map((message) =>
    !Array.isArray(message.content)
      ? []
      : message.content.flatMap((part) => (part.type === 'image_url' ? [Buffer.from(part.image_url!.url.split(',')[1]!, 'base64').readUInt32BE(16)] : [])),
  );
}

function textOf(message: WireMessage): string {
  return !Array.isArray(message.content) ? (message.content ?? '') : message.content.flatMap((part) => (part.type === 'text' ? [part.text!] : [])).join('\n');
}

function checkRoles(requests: RecordedRequest[]): void {
  for (const [index, request] of requests.entries()) {
    const roles: string[] = request.body.messages.map((message: WireMessage) => message.role);
    roles.forEach((role, at) => {
      if (at > 0 && role !== 'tool') assert.notEqual(role, roles[at - 1], `request ${index + 1}: ${roles.join(', ')}`);
    });
    assert.notEqual(roles.at(-1), 'assistant', `request ${index + 1} ends on an assistant message`);
  }
}

describe('images in every request', () => {
  test('code agent: the first plan sees the task images; a failed step is one message, its image after its text; the plan update and the answer from memory carry them all', async () => {
    const block = (code: string) => `Next.\n\`\`\`js\n${code}\n\`\`\``;
    const server = await startOpenAIWireServer({
      replies: ['1. Look it up.', block('console.log("half");\nnull.x;'), block('await lookup({ key: "missing" });'), '1. Answer.', 'No code this time.', 'value of a'],
    });
    const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
    const agent = new CodeAgent({ model, tools: [lookup], planningInterval: 2, maxSteps: 3, stepCallbacks: [screenshotAfter] });
    try {
      const result = await agent.run('Find the value of a.', { images: [taskImage], returnFullResult: true });
      assert.equal(result.state, 'max_steps_error');
      const requests = server.requests.filter((request) => Array.isArray(request.body?.messages));
      assert.equal(requests.length, 6, 'plan, three steps, plan update, answer from memory');
      checkRoles(requests);
      assert.deepEqual(widths(requests[0]!), [[1]], 'the first plan is asked with the task and its image');
      assert.deepEqual(widths(requests[1]!), [[], [1], [], []], 'system, task, plan, go-ahead');
      // Step 1 printed, failed, and got its screenshot: one user message, its text then its image.
      const afterFailure = requests[2]!.body.messages.at(-1) as WireMessage;
      assert.equal(afterFailure.role, 'user');
      assert.match(textOf(afterFailure), /^Observation:\nhalf\nError:\nCode execution failed at line 2 due to: TypeError/);
      assert.deepEqual(widths(requests[2]!).at(-1), [11]);
      assert.equal((afterFailure.content as { type: string }[]).at(-1)!.type, 'image_url');
      // The plan update: every image in memory, and its request text joined after the newest step's image.
      const update = requests[3]!;
      assert.deepEqual(widths(update).flat(), [1, 11, 12]);
      const last = update.body.messages.at(-1) as WireMessage;
      assert.equal(last.role, 'user');
      assert.deepEqual(widths(update).at(-1), [12]);
      assert.match(textOf(last), /^Observation:\n[\s\S]*Error:[\s\S]*steps remain/);
      assert.deepEqual(widths(requests[5]!).flat(), [1, 11, 12, 13], 'the answer from memory sees the images too');
    } finally {
      await agent.dispose();
      await server.close();
    }
  });

  test('tool-calling agent with an output schema: the answer from memory is asked as JSON with the images after the tool results', async () => {
    const replies: WireReply[] = [
      { toolCalls: [{ id: 'a', name: 'lookup', arguments: { key: 'missing' } }, { id: 'b', name: 'lookup', arguments: { key: 'a' } }] },
      { content: '{"value":"value of a"}' },
    ];
    const server = await startOpenAIWireServer({ replies });
    const model = new OpenAIServerModel({ modelId: 'wire', apiBase: server.url, apiKey: 'k' });
    const agent = new ToolCallingAgent({ model, tools: [lookup], maxSteps: 1, stepCallbacks: [screenshotAfter], outputSchema: z.object({ value: z.string() }) });
    try {
      const result = await agent.run('Find the value of a.', { images: [taskImage], returnFullResult: true });
      assert.deepEqual(result.output, { value: 'value of a' });
      const final = server.requests.at(-1)!;
      assert.equal(final.body.response_format?.type, 'json_schema');
      checkRoles([final]);
      const roles = final.body.messages.map((message: WireMessage) => message.role);
      assert.deepEqual(roles.slice(-4), ['assistant', 'tool', 'tool', 'user']);
      const tools = (final.body.messages as WireMessage[]).filter((message) => message.role === 'tool');
      assert.ok(tools.every((message) => typeof message.content === 'string'), 'tool results stay text');
      assert.deepEqual(widths(final).flat(), [1, 11]);
      assert.deepEqual(widths(final).at(-1), [11], 'the screenshot and the request for the answer are one user message');
      assert.deepEqual(final.images.map((image) => image.role), ['user', 'user']);
    } finally {
      await server.close();
    }
  });
});
