/**
 * Images through the loop and memory: task images, observation images added after a step, which
 * steps' images are sent, serialization, and the memory budget dropping images before text.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { StepCallback } from '../../src/agents/multi-step-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { AgentMemory } from '../../src/memory/agent-memory.js';
import type { CompactionStep } from '../../src/memory/steps.js';
import { countRequestTokens, type TokenCounter } from '../../src/memory/token-counter.js';
import { toImagePart } from '../../src/models/images.js';
import { contentImages, contentText } from '../../src/models/message-content.js';
import type { ChatMessage } from '../../src/models/model.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { javascriptCodeAgentPrompts } from '../../src/prompts/code-agent-javascript.js';
import { tool } from '../../src/tools/tool.js';
import { solidPng } from '../support/test-images.js';

const quarterCounter: TokenCounter = { name: 'quarter', countText: (text) => Math.ceil(text.length / 4) };
/** A distinct image per step (its width encodes the step), 1024 × 768 like a screenshot: 1,049 tokens each. */
const screenshot = (step: number) => solidPng(1024 + step, 768, [step * 10, 100, 100]);
const widthOf = (image: ReturnType<typeof contentImages>[number]) => Buffer.from(image.image as string, 'base64').readUInt32BE(16);
const codeReply = (code: string) => `Thought: go.\n\`\`\`js\n${code}\n\`\`\``;

/** After every step, the step gets the "screenshot" of that step, as the web agent's callback does. */
const attachScreenshot: StepCallback = (step) => {
  if (step.type === 'action' && !step.isFinalAnswer) step.observationImages = [toImagePart(screenshot(step.stepNumber))];
};

/** The image widths in each user message of a request, in order (step numbers + 1024). */
function imagesSent(messages: ChatMessage[]): number[] {
  return messages.flatMap((message) => contentImages(message.content).map(widthOf));
}

describe('images in the agent loop', () => {
  test('run(task, { images }) sends them with the task, keeps them in memory, and checks them first', async () => {
    const model = new ScriptedModel([codeReply('final_answer("red")')]);
    const agent = new CodeAgent({ model });
    const png = solidPng(3, 3);
    assert.equal(await agent.run('What colour is the image?', { images: [png, `data:image/png;base64,${png.toString('base64')}`] }), 'red');
    const task = model.calls[0]!.messages[1]!;
    assert.equal(contentText(task.content), 'Task:\nWhat colour is the image?');
    assert.deepEqual(contentImages(task.content), [toImagePart(png), toImagePart(png)]);
    assert.deepEqual(agent.memory.steps[0], { type: 'task', task: 'What colour is the image?', images: [toImagePart(png), toImagePart(png)] });

    const calls = model.calls.length;
    await assert.rejects(agent.run('again', { images: ['photo.png'] }), /images\[0\]: An image must be bytes/);
    await assert.rejects(agent.run('again', { images: 'photo.png' as never }), /`images` must be an array/);
    assert.equal(model.calls.length, calls, 'no model call for a run with a bad image');
    await agent.dispose();
  });

  test('observation images follow the observation text; observationImageSteps: 2 sends only the last two steps’ (memory keeps all)', async () => {
    const replies = [1, 2, 3, 4].map((step) => codeReply(`console.log("step ${step}")`));
    const model = new ScriptedModel([...replies, codeReply('final_answer("done")')]);
    const agent = new CodeAgent({ model, stepCallbacks: [attachScreenshot], observationImageSteps: 2 });
    await agent.run('Look around.');
    const second = model.calls[1]!.messages.at(-1)!;
    assert.equal(contentText(second.content), 'Observation:\nstep 1');
    assert.deepEqual(imagesSent(model.calls[1]!.messages), [1025]);
    assert.deepEqual(imagesSent(model.calls[2]!.messages), [1025, 1026]);
    assert.deepEqual(imagesSent(model.calls[3]!.messages), [1026, 1027], 'step 1’s image is no longer sent');
    assert.deepEqual(imagesSent(model.calls[4]!.messages), [1027, 1028]);
    assert.equal(agent.memory.actionSteps.filter((step) => step.observationImages).length, 4, 'memory keeps every screenshot');
    assert.deepEqual(imagesSent(agent.memory.toMessages()), [1028], 'toMessages sends as the agent does: the last two steps are 4 and the final one');
    assert.throws(() => new CodeAgent({ model, observationImageSteps: -1 }), /observationImageSteps must be a whole number/);
    await agent.dispose();
  });

  test('a tool-calling step’s images come after its tool results', async () => {
    const echo = tool({ name: 'echo', description: 'Echoes.', inputSchema: z.object({ text: z.string() }), execute: ({ text }) => text });
    const call = (name: string, args: unknown) => ({ role: 'assistant' as const, content: '', toolCalls: [{ id: `id_${name}`, name, arguments: args }] });
    const model = new ScriptedModel([call('echo', { text: 'hi' }), call('final_answer', { answer: 'ok' })]);
    const agent = new ToolCallingAgent({ model, tools: [echo], stepCallbacks: [attachScreenshot] });
    await agent.run('Echo.');
    const roles = model.calls[1]!.messages.map((message) => message.role);
    assert.deepEqual(roles.slice(-3), ['assistant', 'tool', 'user']);
    assert.deepEqual(imagesSent(model.calls[1]!.messages.slice(-1)), [1025]);
  });

  test('memory serializes images as base64 (bytes a callback put in too) and refuses malformed ones', async () => {
    const model = new ScriptedModel([codeReply('console.log(1)'), codeReply('final_answer(1)')]);
    const bytesCallback: StepCallback = (step) => {
      if (step.type === 'action' && !step.isFinalAnswer) step.observationImages = [{ type: 'image', image: screenshot(7) }];
    };
    const agent = new CodeAgent({ model, stepCallbacks: [bytesCallback] });
    await agent.run('x', { images: [solidPng(2, 2)] });
    await agent.dispose();
    const json = JSON.parse(JSON.stringify(agent.memory.toJSON()));
    assert.equal(json.steps[1].observationImages[0].image, screenshot(7).toString('base64'));
    const restored = new AgentMemory(javascriptCodeAgentPrompts);
    restored.load(json);
    assert.deepEqual(imagesSent(restored.toMessages()), [2, 1031]);

    const bad = structuredClone(json);
    bad.steps[1].observationImages[0].image = 'file:///etc/passwd';
    assert.throws(() => restored.load(bad), /an image in 'observationImages' of the step at index 1 is malformed \(The image URL 'file:\/\/\/etc\/passwd' has a scheme/);
    const notArray = structuredClone(json);
    notArray.steps[0].images = 'x';
    assert.throws(() => restored.load(notArray), /'images' of the step at index 0 is not an array/);
  });
});

describe('the memory budget drops images before it cuts text', () => {
  test('first a drop_images move, text whole; later moves cut text only once no older step sends images; every request within the budget', async () => {
    const maxTokens = 10_000;
    const steps = 16;
    const printed = (step: number) => `notes of step ${step}: ${'record '.repeat(60)}`;
    const replies = Array.from({ length: steps }, (_, index) => codeReply(`console.log(${JSON.stringify(printed(index + 1))})`));
    let folds = 0;
    let step = 0;
    const model: ScriptedModel = new ScriptedModel(
      Array.from({ length: steps * 2 }, () => (messages: ChatMessage[]): string => {
        if (contentText(messages[0]!.content).startsWith('You keep the notes')) return `summary ${++folds}`;
        step++;
        return step >= steps ? codeReply('final_answer("done")') : replies[step - 1]!;
      }),
    );
    const agent = new CodeAgent({ model, maxSteps: steps + 2, stepCallbacks: [attachScreenshot], maxTokensMemory: maxTokens, tokenCounter: quarterCounter });
    await agent.run('Take notes.');
    await agent.dispose();

    const moves = agent.memory.steps.filter((step): step is CompactionStep => step.type === 'compaction');
    assert.ok(moves.length >= 2, `moves: ${moves.map((move) => move.move).join(', ')}`);
    assert.equal(moves[0]!.move, 'drop_images', 'the first move only drops images');
    assert.ok(moves.slice(1).some((move) => move.move !== 'drop_images'), 'text is cut later on');
    const shortened = /characters of this older output left out/;
    const isFoldCall = (messages: ChatMessage[]) => contentText(messages[0]!.content).startsWith('You keep the notes');
    for (const [index, call] of model.calls.entries()) {
      const tokens = countRequestTokens(quarterCounter, call.messages);
      assert.ok(tokens <= maxTokens, `request ${index + 1}: ${tokens} tokens`);
      // The request right after a fold: text was cut, so no step but the newest may send its image.
      if (index > 0 && isFoldCall(model.calls[index - 1]!.messages)) {
        const withImages = call.messages.filter((message) => contentImages(message.content).length > 0);
        assert.ok(withImages.length <= 1 && (withImages.length === 0 || withImages[0] === call.messages.at(-1)), `request ${index + 1} cuts text while an older step sends images`);
      }
    }
    // Every move that cuts text drops the images of every step but the newest first.
    for (const move of moves.filter((candidate) => candidate.move !== 'drop_images')) {
      const at = agent.memory.steps.indexOf(move);
      const newest = agent.memory.steps.findLastIndex((step, index) => index < at && step.type === 'action');
      assert.equal(move.imagesDroppedUntil, newest, `${move.move} at ${at}`);
    }
    const afterFirstMove = model.calls.find((call) => call.messages.length > 0 && imagesSent(call.messages).length === 1 && imagesSent(call.messages)[0]! > 1026);
    assert.ok(afterFirstMove, 'after the drop, one step’s image is sent');
    assert.ok(!afterFirstMove.messages.some((message) => shortened.test(contentText(message.content))), 'and no text is shortened by the drop');
  });
});
