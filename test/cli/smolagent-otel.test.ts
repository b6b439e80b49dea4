import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startOpenAIWireServer, type OpenAIWireServer } from '../support/openai-wire-server.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';
import { reasonLines, runSmolagent } from './run-smolagent.js';

let model: OpenAIWireServer;
let receiver: OtlpReceiver;
before(async () => {
  [model, receiver] = await Promise.all([
    startOpenAIWireServer({
      replies: (request) =>
        JSON.stringify(request.body.messages).includes('TASK-OTEL')
          ? { content: 'Thought: done.\n```js\nfinal_answer(42)\n```', usage: { prompt_tokens: 321, completion_tokens: 9 } }
          : { status: 400, errorMessage: 'unexpected request' },
    }),
    startOtlpReceiver(),
  ]);
});
after(async () => {
  await Promise.all([model.close(), receiver.close()]);
});

const args = (task: string) => [task, '--api-base', model.url, '--model-id', 'wire-model', '--api-key', 'k'];

describe('smolagent exports spans over OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set', () => {
  it('protobuf by default, to ENDPOINT/v1/traces, with the service name and the GenAI attributes', async () => {
    const run = await runSmolagent(args('TASK-OTEL one'), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_SERVICE_NAME: 'otel-test' } });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.lastLine, '42');
    assert.deepEqual(receiver.contentTypes, ['application/x-protobuf']);
    const names = receiver.spans.map((span) => span.name).sort();
    assert.deepEqual(names, ['chat wire-model', 'execute_tool code_action', 'invoke_agent CodeAgent', 'step 1']);
    const chat = receiver.spans.find((span) => span.name === 'chat wire-model')!;
    assert.equal(chat.attributes['gen_ai.usage.input_tokens'], 321);
    assert.equal(chat.attributes['gen_ai.usage.output_tokens'], 9);
    assert.equal(chat.resource['service.name'], 'otel-test');
    assert.equal(chat.attributes['gen_ai.input.messages'], undefined);
    const step = receiver.spans.find((span) => span.name === 'step 1')!;
    assert.equal(chat.parentSpanId, step.spanId);
  });

  it('OTEL_EXPORTER_OTLP_TRACES_ENDPOINT with http/json, and the content opt-in', async () => {
    const before = receiver.spans.length;
    const run = await runSmolagent(args('TASK-OTEL two'), {
      env: {
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.endpoint}/v1/traces`,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true',
      },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(receiver.contentTypes.at(-1), 'application/json');
    const chat = receiver.spans.slice(before).find((span) => span.name === 'chat wire-model')!;
    assert.match(String(chat.attributes['gen_ai.input.messages']), /TASK-OTEL two/);
    assert.equal(chat.resource['service.name'], 'smolagent');
  });

  it('an unsupported protocol or a bad endpoint is one clear line, before any model request', async () => {
    const requests = model.requests.length;
    const [grpc, bad] = await Promise.all([
      runSmolagent(args('TASK-OTEL three'), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc' } }),
      runSmolagent(args('TASK-OTEL three'), { env: { OTEL_EXPORTER_OTLP_ENDPOINT: 'localhost:4318' } }),
    ]);
    assert.equal(grpc.code, 1);
    assert.deepEqual(reasonLines(grpc.stderr), [
      "smolagent: OTLP protocol 'grpc' is not supported: set OTEL_EXPORTER_OTLP_PROTOCOL to http/protobuf (the default) or http/json.",
    ]);
    assert.equal(bad.code, 1);
    assert.match(reasonLines(bad.stderr)[0]!, /^smolagent: The OTLP endpoint 'localhost:4318\/v1\/traces' is not an http\(s\) URL/);
    assert.equal(model.requests.length, requests);
  });
});
