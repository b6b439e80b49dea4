import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { OTLPTraceExporter as JsonExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OTLPTraceExporter as ProtobufExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ModelError } from '../../src/errors.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { toImagePart } from '../../src/models/images.js';
import { genAiMessages } from '../../src/telemetry/gen-ai-messages.js';
import { OpenTelemetryObserver } from '../../src/telemetry/open-telemetry-observer.js';
import { tool } from '../../src/tools/tool.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { solidPng } from '../support/test-images.js';

const js = (code: string) => `Thought: next\n\`\`\`js\n${code}\n\`\`\``;
const lookup = tool({
  name: 'lookup',
  description: 'Looks a word up.',
  inputSchema: z.object({ word: z.string() }),
  execute: ({ word }) => `${word} means SECRET-RESULT`,
});

let receiver: OtlpReceiver;
before(async () => {
  receiver = await startOtlpReceiver();
});
after(() => receiver.close());

/** A provider exporting each span as it ends to the local receiver, over protobuf or JSON. */
function providerFor(protocol: 'protobuf' | 'json') {
  const url = `${receiver.endpoint}/v1/traces`;
  const exporter = protocol === 'json' ? new JsonExporter({ url }) : new ProtobufExporter({ url });
  return new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
}

/** The spans of one trace, with helpers to walk parents. */
function tree(spans: ReceivedSpan[]) {
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  return {
    named: (name: string) => spans.filter((span) => span.name === name),
    one(name: string) {
      const found = spans.filter((span) => span.name === name);
      assert.equal(found.length, 1, `one span named ${name}, got ${found.length}: ${spans.map((span) => span.name).join(', ')}`);
      return found[0]!;
    },
    parentOf: (span: ReceivedSpan) => byId.get(span.parentSpanId),
  };
}

async function traced(protocol: 'protobuf' | 'json', captureContent: boolean, run: (observer: OpenTelemetryObserver) => Promise<unknown>) {
  const provider = providerFor(protocol);
  const before = receiver.spans.length;
  await run(new OpenTelemetryObserver({ tracerProvider: provider, captureContent }));
  await provider.shutdown();
  // Spans arrive in the order their exports finished; sort them by start for the assertions.
  const spans = receiver.spans.slice(before).sort((a, b) => (a.startTimeUnixNano < b.startTimeUnixNano ? -1 : a.startTimeUnixNano > b.startTimeUnixNano ? 1 : 0));
  const traceIds = new Set(spans.map((span) => span.traceId));
  assert.equal(traceIds.size, 1, 'one run, one trace');
  return spans;
}

describe('OpenTelemetry spans (GenAI conventions), received over OTLP/HTTP', () => {
  it('run → plan/step → chat and code action → tool call, with names, parents and attributes (protobuf)', async () => {
    const model = new ScriptedModel(
      [
        '1. Look the word up.\n2. Answer.',
        js('const meaning = await lookup({ word: "ubiquitous" });\nconsole.log(meaning);'),
        js('undefinedThing()'),
        js('final_answer("done")'),
      ],
      { modelId: 'test-model', tokensPerReply: { inputTokens: 100, outputTokens: 7 } },
    );
    const spans = await traced('protobuf', false, async (observer) => {
      const agent = new CodeAgent({ model, tools: [lookup], planningInterval: 10, observers: [observer], name: 'researcher', description: 'Finds things.' });
      try {
        await agent.run('What does ubiquitous mean?');
      } finally {
        await agent.dispose();
      }
    });
    assert.deepEqual(receiver.contentTypes.at(-1), 'application/x-protobuf');
    const t = tree(spans);
    const run = t.one('invoke_agent researcher');
    assert.equal(run.parentSpanId, '');
    assert.equal(run.kind, 1);
    assert.equal(run.scope, 'smolagents-ts');
    assert.deepEqual(
      { ...run.attributes },
      {
        'gen_ai.operation.name': 'invoke_agent',
        'gen_ai.agent.name': 'researcher',
        'gen_ai.agent.description': 'Finds things.',
        'gen_ai.request.model': 'test-model',
        'smolagents.agent.type': 'CodeAgent',
        'gen_ai.usage.input_tokens': 400,
        'gen_ai.usage.output_tokens': 28,
        'smolagents.run.state': 'success',
      },
    );

    const plan = t.one('plan');
    assert.equal(t.parentOf(plan), run);
    const chats = t.named('chat test-model');
    assert.equal(chats.length, 4);
    assert.equal(t.parentOf(chats[0]!), plan);
    for (const chat of chats) {
      assert.equal(chat.kind, 3, 'model calls are CLIENT spans');
      assert.equal(chat.attributes['gen_ai.operation.name'], 'chat');
      assert.equal(chat.attributes['gen_ai.request.model'], 'test-model');
      assert.equal(chat.attributes['gen_ai.usage.input_tokens'], 100);
      assert.equal(chat.attributes['gen_ai.usage.output_tokens'], 7);
      assert.ok(chat.endTimeUnixNano >= chat.startTimeUnixNano);
    }
    assert.deepEqual(chats[0]!.attributes['gen_ai.request.stop_sequences'], ['<end_plan>']);

    const [step1, step2, step3] = ['step 1', 'step 2', 'step 3'].map((name) => t.one(name));
    for (const step of [step1, step2, step3]) assert.equal(t.parentOf(step!), run);
    assert.equal(t.parentOf(chats[1]!), step1);
    const code = t.named('execute_tool code_action');
    assert.equal(code.length, 3);
    assert.equal(t.parentOf(code[0]!), step1);
    assert.equal(code[0]!.attributes['gen_ai.operation.name'], 'execute_tool');
    assert.equal(code[0]!.attributes['gen_ai.tool.name'], 'code_action');

    const call = t.one('execute_tool lookup');
    assert.equal(t.parentOf(call), code[0], 'a tool called by code is a child of the code action');
    assert.equal(call.attributes['gen_ai.tool.name'], 'lookup');
    assert.equal(call.attributes['gen_ai.tool.call.id'], 'step1-call1');
    assert.equal(call.attributes['gen_ai.tool.description'], 'Looks a word up.');

    // The failed code action and its step carry the error; the run recovered, so it did not fail.
    assert.equal(code[1]!.status.code, 2);
    assert.equal(code[1]!.attributes['error.type'], 'AgentExecutionError');
    assert.equal(step2!.status.code, 2);
    assert.match(step2!.status.message, /undefinedThing/);
    assert.notEqual(run.status.code, 2);

    // No content without the opt-in.
    const everything = JSON.stringify(spans.map((span) => span.attributes), (_key, value) => (typeof value === 'bigint' ? String(value) : value));
    for (const secret of ['ubiquitous', 'SECRET-RESULT', 'gen_ai.input.messages', 'gen_ai.output.messages', 'gen_ai.tool.call.arguments']) {
      assert.ok(!everything.includes(secret), `${secret} must not be in spans without captureContent`);
    }
  });

  it('captureContent adds messages, code, tool arguments and results (JSON)', async () => {
    const model = new ScriptedModel([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'lookup', arguments: { word: 'terse' } }] },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c2', name: 'final_answer', arguments: { answer: 'brief' } }] },
    ]);
    const spans = await traced('json', true, (observer) => new ToolCallingAgent({ model, tools: [lookup], observers: [observer] }).run('Define terse'));
    assert.equal(receiver.contentTypes.at(-1), 'application/json');
    const t = tree(spans);
    const call = t.one('execute_tool lookup');
    assert.equal(t.parentOf(call)!.name, 'step 1');
    assert.equal(call.attributes['gen_ai.tool.call.arguments'], '{"word":"terse"}');
    assert.equal(call.attributes['gen_ai.tool.call.result'], 'terse means SECRET-RESULT');
    const [firstChat, secondChat] = t.named('chat scripted-model');
    const input = JSON.parse(String(firstChat!.attributes['gen_ai.input.messages']));
    assert.deepEqual(input.at(-1), { role: 'user', parts: [{ type: 'text', content: 'Task:\nDefine terse' }] });
    assert.match(String(firstChat!.attributes['gen_ai.system_instructions']), /"type":"text"/);
    assert.deepEqual(JSON.parse(String(firstChat!.attributes['gen_ai.output.messages'])), [
      { role: 'assistant', parts: [{ type: 'tool_call', id: 'c1', name: 'lookup', arguments: { word: 'terse' } }] },
    ]);
    const secondInput = JSON.parse(String(secondChat!.attributes['gen_ai.input.messages']));
    assert.deepEqual(secondInput.at(-1).parts[0].type, 'tool_call_response');
    assert.equal(t.one('invoke_agent ToolCallingAgent').attributes['smolagents.final_answer'], 'brief');
  });

  it('captureContent: images are blob parts (the bytes, base64) or uri parts, in their place among the text', async () => {
    const png = solidPng(2, 2);
    const screenshot = solidPng(3, 3);
    const model = new ScriptedModel([
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'lookup', arguments: { word: 'terse' } }] },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c2', name: 'final_answer', arguments: { answer: 'brief' } }] },
    ]);
    const stepCallbacks = [(step: { type: string; observationImages?: unknown }) => {
      if (step.type === 'action') step.observationImages = [toImagePart(screenshot)];
    }];
    const spans = await traced('json', true, (observer) =>
      new ToolCallingAgent({ model, tools: [lookup], observers: [observer], stepCallbacks }).run('Define terse', { images: [png, 'https://example.com/page.png'] }),
    );
    const [firstChat, secondChat] = tree(spans).named('chat scripted-model');
    const input = JSON.parse(String(firstChat!.attributes['gen_ai.input.messages']));
    assert.deepEqual(input.at(-1), {
      role: 'user',
      parts: [
        { type: 'text', content: 'Task:\nDefine terse' },
        { type: 'blob', modality: 'image', mime_type: 'image/png', content: png.toString('base64') },
        { type: 'uri', modality: 'image', uri: 'https://example.com/page.png' },
      ],
    });
    const secondInput = JSON.parse(String(secondChat!.attributes['gen_ai.input.messages']));
    assert.deepEqual(secondInput.at(-2).parts.map((part: { type: string }) => part.type), ['tool_call_response']);
    assert.deepEqual(secondInput.at(-1), { role: 'user', parts: [{ type: 'blob', modality: 'image', mime_type: 'image/png', content: screenshot.toString('base64') }] });
    // A tool message that carries an image itself (built by hand): the response is its text, the image follows.
    assert.deepEqual(genAiMessages([{ role: 'tool', toolCallId: 't', content: [{ type: 'text', text: 'drawn' }, toImagePart(png)] }]), [
      { role: 'tool', parts: [{ type: 'tool_call_response', id: 't', response: 'drawn' }, { type: 'blob', modality: 'image', mime_type: 'image/png', content: png.toString('base64') }] },
    ]);
  });

  it('a provider failure marks the chat and the run as errors', async () => {
    const model = new ScriptedModel([new ModelError('overloaded', { status: 529 })]);
    const spans = await traced('protobuf', false, (observer) =>
      new ToolCallingAgent({ model, observers: [observer] }).run('x').catch((error: unknown) => error),
    );
    const t = tree(spans);
    const run = t.one('invoke_agent ToolCallingAgent');
    assert.equal(run.status.code, 2);
    assert.equal(run.attributes['error.type'], 'AgentGenerationError');
    assert.ok(run.events.some((event) => event.name === 'exception' && String(event.attributes['exception.message']).includes('overloaded')));
    const chat = t.one('chat scripted-model');
    assert.equal(chat.status.code, 2);
    assert.equal(chat.attributes['error.type'], 'AgentGenerationError');
    assert.equal(t.one('step 1').status.code, 2);
  });

  it('without options it uses the global provider, and a run inside an active span becomes its child', async () => {
    // The context manager an application registers (sdk-node's is built on AsyncLocalStorage too).
    const storage = new AsyncLocalStorage<Context>();
    const manager: ContextManager = {
      active: () => storage.getStore() ?? ROOT_CONTEXT,
      with: (ctx, fn, thisArg, ...args) => storage.run(ctx, () => fn.call(thisArg, ...args)),
      bind: (_ctx, target) => target,
      enable() {
        return this;
      },
      disable() {
        storage.disable();
        return this;
      },
    };
    const provider = providerFor('protobuf');
    context.setGlobalContextManager(manager);
    trace.setGlobalTracerProvider(provider);
    const before = receiver.spans.length;
    try {
      const agent = new ToolCallingAgent({
        model: new ScriptedModel([{ role: 'assistant', content: '', toolCalls: [{ id: 'f', name: 'final_answer', arguments: { answer: 1 } }] }]),
        observers: [new OpenTelemetryObserver()],
      });
      await trace.getTracer('app').startActiveSpan('handle request', async (span) => {
        await agent.run('inside a request');
        span.end();
      });
      await provider.shutdown();
    } finally {
      trace.disable();
      context.disable();
    }
    const t = tree(receiver.spans.slice(before));
    const request = t.one('handle request');
    assert.equal(t.parentOf(t.one('invoke_agent ToolCallingAgent')), request);
  });
});
