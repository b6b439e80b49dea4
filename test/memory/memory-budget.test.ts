import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { AgentEvent } from '../../src/agents/events.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { AgentGenerationError } from '../../src/errors.js';
import { AgentMemory, MEMORY_SCHEMA_VERSION } from '../../src/memory/agent-memory.js';
import type { CompactionStep } from '../../src/memory/steps.js';
import { countRequestTokens, type TokenCounter } from '../../src/memory/token-counter.js';
import type { ChatMessage, ModelReply } from '../../src/models/model.js';
import { ScriptedModel, type ScriptedReply } from '../../src/models/scripted-model.js';
import { javascriptCodeAgentPrompts } from '../../src/prompts/code-agent-javascript.js';
import { tool } from '../../src/tools/tool.js';
import { contentText } from '../../src/models/message-content.js';

/** A counter in round numbers (one token per 4 characters) so that budgets in tests read easily. */
const quarterCounter: TokenCounter = { name: 'quarter', countText: (text) => Math.ceil(text.length / 4) };
const isCompaction = (messages: ChatMessage[]) => contentText(messages[0]?.content ?? '').startsWith('You keep the notes');

/** ~1,400 characters of records; page 1 also carries the fact the task needs at the end. */
function page(number: number): string {
  const rows = Array.from({ length: 60 }, (_, row) => `row ${number}.${row}: value ${(number * 31 + row * 7) % 997}`);
  if (number === 1) rows.splice(17, 0, 'FACT: the vault code is 4417.');
  return rows.join('\n');
}

const readPage = tool({ name: 'read_page', description: 'One page.', inputSchema: z.object({ page: z.number() }), execute: ({ page: number }) => page(number) });

/**
 * A code agent's model: reads page k at step k; a compaction call gets a summary that keeps the
 * FACT lines it was shown (and the earlier summary's); the last step answers from what it is sent.
 */
function pagesModel(steps: number, summarize: (messages: ChatMessage[]) => string = keepFacts): { model: ScriptedModel; replies: () => number } {
  let step = 0;
  const reply: ScriptedReply = (messages) => {
    if (isCompaction(messages)) return summarize(messages);
    step++;
    if (step < steps) return `Thought: read page ${step}.\n\`\`\`js\nconsole.log(await read_page({ page: ${step} }));\n\`\`\``;
    const code = /vault code is (\d+)/.exec(messages.map((message) => contentText(message.content)).join('\n'))?.[1] ?? 'unknown';
    return `Thought: answer.\n\`\`\`js\nfinal_answer("${code}");\n\`\`\``;
  };
  return { model: new ScriptedModel(Array.from({ length: steps * 2 }, () => reply), { modelId: 'local-model' }), replies: () => step };
}

function keepFacts(messages: ChatMessage[]): string {
  const facts = [...new Set(contentText(messages[1]!.content).split('\n').filter((line) => /FACT:/.test(line)).map((line) => line.slice(line.indexOf('FACT:'))))];
  return `Read the earlier pages, numbered records.\n${facts.join('\n')}`;
}

async function drain(agent: CodeAgent | ToolCallingAgent, task: string): Promise<{ events: AgentEvent[]; output: unknown }> {
  const events: AgentEvent[] = [];
  const stream = agent.stream(task);
  let next = await stream.next();
  while (!next.done) {
    events.push(next.value);
    next = await stream.next();
  }
  return { events, output: next.value.output };
}

describe('maxTokensMemory', () => {
  test('bad values are refused at construction with a clear error', () => {
    const model = new ScriptedModel([]);
    for (const bad of [0, -100, 1.5, Number.NaN, '8000' as unknown as number]) {
      assert.throws(() => new CodeAgent({ model, maxTokensMemory: bad }), /maxTokensMemory must be a positive integer \(a number of tokens\)/, String(bad));
    }
    assert.throws(() => new CodeAgent({ model, tokenCounter: quarterCounter }), /`tokenCounter` is used only with `maxTokensMemory`/);
    assert.throws(() => new CodeAgent({ model, maxTokensMemory: 8000, tokenCounter: {} as TokenCounter }), /countText/);
  });

  test('a budget that the system prompt and task do not leave half of fails at the start of the run, before any model call', async () => {
    const model = new ScriptedModel(['never']);
    const agent = new CodeAgent({ model, maxTokensMemory: 1_000, tokenCounter: quarterCounter });
    await assert.rejects(agent.run('a task'), (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /maxTokensMemory is 1,000 tokens, but the system prompt \([\d,]+ tokens\) and the task take [\d,]+ \(counted with quarter\).*use maxTokensMemory [\d,]+ or more/);
      return true;
    });
    assert.equal(model.calls.length, 0);
    await agent.dispose();
  });

  test('every request stays within the budget, compaction calls included; memory.steps keeps every step whole', async () => {
    const budget = 8_000;
    const { model } = pagesModel(30);
    // A system prompt of a fixed size, so that which moves fit depends on the steps alone, not on how long the default prompt is.
    const systemPrompt = `Read the pages with read_page and answer with final_answer.\n${'Keep each fact you read. '.repeat(200)}\n{{tools}}`;
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 30, maxTokensMemory: budget, tokenCounter: quarterCounter, promptTemplates: { systemPrompt } });
    const { events, output } = await drain(agent, 'Find the vault code: read the pages in order.');
    await agent.dispose();
    assert.equal(output, '4417', 'the fact printed at step 1 reached the last step');
    for (const [index, call] of model.calls.entries()) {
      const tokens = countRequestTokens(quarterCounter, call.messages);
      assert.ok(tokens <= budget, `request ${index} has ${tokens} tokens`);
    }
    const moves = events.flatMap((event) => (event.type === 'memory_compaction' ? [event.step] : []));
    assert.ok(moves.some((move) => move.move === 'shorten') && moves.some((move) => move.move === 'fold'), 'both moves happened');
    assert.ok(moves.length <= 30 / 4, `few, large moves (${moves.length})`);
    for (const move of moves) assert.ok(move.tokensAfter <= budget * 0.4 + 800 && move.tokensAfter < move.tokensBefore * 0.7, `a move goes well under (${move.tokensBefore} → ${move.tokensAfter})`);
    // The steps themselves are untouched: every observation is still whole.
    const observations = agent.memory.actionSteps.slice(0, 29).map((step) => step.observations ?? '');
    for (const [index, observation] of observations.entries()) assert.ok(observation.includes(page(index + 1)), `step ${index + 1} is whole in memory`);
    assert.deepEqual(agent.memory.steps.filter((step) => step.type === 'compaction'), moves);
  });

  test('the last request: system prompt and task first, the summary with the early fact, the newest step whole, step 1 gone', async () => {
    const { model } = pagesModel(16);
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 16, maxTokensMemory: 5_000, tokenCounter: quarterCounter });
    await agent.run('Find the vault code.');
    await agent.dispose();
    const last = model.calls.at(-1)!.messages;
    assert.equal(last[0]!.role, 'system');
    assert.equal(last[0]!.content, agent.systemPrompt());
    // The summary follows the task in the same user message: roles alternate.
    assert.match(contentText(last[1]!.content), /^Task:\nFind the vault code\.\n\nNotes on the earlier steps[\s\S]*FACT: the vault code is 4417\./);
    assert.equal(last[2]!.role, 'assistant');
    assert.ok(!last.some((message) => contentText(message.content).includes('row 1.0:')), 'step 1 itself is folded');
    assert.ok(contentText(last.at(-1)!.content).includes(page(15)), 'the newest step is whole');
    const fold = agent.memory.steps.find((step): step is CompactionStep => step.type === 'compaction' && step.move === 'fold')!;
    assert.ok(isCompaction(fold.modelInputMessages!));
    assert.match(contentText(fold.modelInputMessages![1]!.content), /^The agent's task:\nFind the vault code\./);
  });

  test('a fact the summary leaves out is gone: the summary really is what the model keeps', async () => {
    const { model } = pagesModel(16, () => 'Read some pages.');
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 16, maxTokensMemory: 5_000, tokenCounter: quarterCounter });
    assert.equal(await agent.run('Find the vault code.'), 'unknown');
    await agent.dispose();
  });

  test('compaction calls count in the run usage and show in the memory_compaction event', async () => {
    const { model } = pagesModel(16);
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 16, maxTokensMemory: 5_000, tokenCounter: quarterCounter });
    const result = await agent.run('Find the vault code.', { returnFullResult: true });
    await agent.dispose();
    // The scripted model reports 10 input / 5 output tokens per call, compaction calls included.
    assert.deepEqual(result.tokenUsage, { inputTokens: 10 * model.calls.length, outputTokens: 5 * model.calls.length });
    assert.ok(model.calls.length > 16, 'there were compaction calls');
  });

  test('a blank summary does not lose the steps: their shortened transcript stands in', async () => {
    const { model } = pagesModel(16, () => '   ');
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 16, maxTokensMemory: 5_000, tokenCounter: quarterCounter });
    await agent.run('Find the vault code.');
    await agent.dispose();
    const fold = agent.memory.steps.find((step): step is CompactionStep => step.type === 'compaction' && step.move === 'fold')!;
    assert.match(fold.summary!, /\[assistant\]\nThought: read page 1\./);
    assert.ok(countRequestTokens(quarterCounter, [{ role: 'user', content: fold.summary! }]) <= 500 + 10, 'cut to the summary allowance');
  });

  test('a failing compaction call ends the run with AgentGenerationError and memory kept', async () => {
    const { model } = pagesModel(16, () => {
      throw new Error('provider down');
    });
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 16, maxTokensMemory: 5_000, tokenCounter: quarterCounter });
    await assert.rejects(agent.run('Find the vault code.'), (error: unknown) => error instanceof AgentGenerationError && /provider down/.test(error.message));
    assert.ok(agent.memory.actionSteps.length > 3);
    await agent.dispose();
  });

  test('between moves the request only grows at its end (a provider prefix cache keeps hitting)', async () => {
    const { model } = pagesModel(20);
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 20, maxTokensMemory: 6_000, tokenCounter: quarterCounter });
    const { events } = await drain(agent, 'Find the vault code.');
    await agent.dispose();
    const mainCalls = model.calls.filter((call) => !isCompaction(call.messages)).map((call) => call.messages);
    const movedBefore = new Set<number>();
    let actionCalls = 0;
    for (const event of events) {
      if (event.type === 'memory_compaction') movedBefore.add(actionCalls);
      if (event.type === 'model_output') actionCalls++;
    }
    let appendOnly = 0;
    for (let index = 1; index < mainCalls.length; index++) {
      if (movedBefore.has(index)) continue;
      const [previous, current] = [mainCalls[index - 1]!, mainCalls[index]!];
      assert.deepEqual(current.slice(0, previous.length), previous, `request ${index} starts with request ${index - 1}`);
      appendOnly++;
    }
    assert.ok(appendOnly >= 14, `most requests only append (${appendOnly})`);
  });

  test('tool calls and their results stay together, and the latest plan stays, in every request', async () => {
    const big = tool({ name: 'fetch_rows', description: 'Rows.', inputSchema: z.object({ n: z.number() }), execute: ({ n }) => page(n) });
    let step = 0;
    const reply: ScriptedReply = (messages) => {
      if (isCompaction(messages)) return keepFacts(messages);
      if (/^(Before working on the task|You are revising the plan)/.test(contentText(messages[0]?.content ?? ''))) return `Plan number ${step}: keep reading.`;
      step++;
      const calls = step < 14 ? [{ id: `a${step}`, name: 'fetch_rows', arguments: { n: step } }, { id: `b${step}`, name: 'fetch_rows', arguments: { n: step + 100 } }] : [{ id: 'end', name: 'final_answer', arguments: { answer: 'done' } }];
      return { role: 'assistant', content: '', toolCalls: calls };
    };
    const model = new ScriptedModel(Array.from({ length: 60 }, () => reply), { modelId: 'local' });
    const agent = new ToolCallingAgent({ model, tools: [big], maxSteps: 14, planningInterval: 5, maxTokensMemory: 4_000, tokenCounter: quarterCounter });
    const { events } = await drain(agent, 'Read rows.');
    assert.ok(events.some((event) => event.type === 'memory_compaction' && event.step.move === 'fold'));
    for (const { messages } of model.calls) {
      if (isCompaction(messages)) continue;
      const asked = messages.flatMap((message) => (message.toolCalls ?? []).map((call) => call.id));
      const answered = messages.flatMap((message) => (message.role === 'tool' ? [message.toolCallId] : []));
      assert.deepEqual(answered, asked, 'every call is answered, and nothing else');
      assert.ok(countRequestTokens(quarterCounter, messages, [big.toDefinition()]) <= 4_000);
    }
    const last = model.calls.filter((call) => !isCompaction(call.messages) && call.messages[0]?.role === 'system' && contentText(call.messages[0].content) === agent.systemPrompt()).at(-1)!.messages;
    const plans = last.filter((message) => contentText(message.content).includes('Plan number'));
    assert.equal(plans.length, 1, 'only the latest plan is pinned');
    assert.match(contentText(plans[0]!.content), /Plan number 10/);
  });

  test('serializes with memory: schemaVersion 3 keeps the summary; 1 still loads; unknown versions and bad compaction steps are refused', async () => {
    const { model } = pagesModel(16);
    const agent = new CodeAgent({ model, tools: [readPage], maxSteps: 16, maxTokensMemory: 5_000, tokenCounter: quarterCounter });
    await agent.run('Find the vault code.');
    await agent.dispose();
    const json = JSON.parse(JSON.stringify(agent.memory.toJSON()));
    assert.equal(json.schemaVersion, 3);
    assert.equal(MEMORY_SCHEMA_VERSION, 3);
    const restored = new AgentMemory(javascriptCodeAgentPrompts);
    restored.load(json);
    assert.equal(restored.compaction!.summary, agent.memory.compaction!.summary);
    assert.match(restored.compaction!.summary!, /4417/);
    restored.budget = agent.memory.budget;
    const never = async (): Promise<ModelReply> => assert.fail('no compaction expected');
    assert.deepEqual((await restored.messagesFor({}, never)).messages, (await agent.memory.messagesFor({}, never)).messages);

    const v1 = new AgentMemory(javascriptCodeAgentPrompts);
    v1.load({ schemaVersion: 1, systemPrompt: 'S', steps: [{ type: 'task', task: 't' }] });
    assert.equal(v1.toMessages().length, 2);
    assert.throws(() => v1.load({ ...json, schemaVersion: 4 }), /schemaVersion 4: this version of smolagents-ts reads schemaVersion 1, 2 and 3/);
    const bad = structuredClone(json);
    bad.steps.find((step: { type: string }) => step.type === 'compaction').foldedUntil = 10_000;
    assert.throws(() => v1.load(bad), /compaction step at index \d+ is malformed/);
  });
});
