import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { z } from 'zod';
import { CodeAgent } from '../../src/agents/code-agent.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { AgentMaxStepsError } from '../../src/errors.js';
import { OpenAIServerModel } from '../../src/models/openai-server-model.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { startOpenAIWireServer, type RecordedRequest, type WireReply } from '../support/openai-wire-server.js';

// Typed agents: the model is told the final answer's shape (the request bodies show it), an answer
// that does not match is an error observation and the run goes on, and run() gives the parsed value.

const js = (code: string) => `Thought: next.\nCode:\n\`\`\`js\n${code}\n\`\`\`<end_code>`;

const cityAnswer = z.object({
  city: z.string().describe('The city'),
  population: z.number().int(),
  source: z.string().default('census'),
});

function modelFor(url: string): OpenAIServerModel {
  return new OpenAIServerModel({ modelId: 'wire', apiBase: url, apiKey: 'k' });
}

function systemPrompt(request: RecordedRequest): string {
  return request.body.messages.find((message: { role: string }) => message.role === 'system').content;
}

describe('final_answer has one meaning (no output schema)', () => {
  test('JavaScript: declared as final_answer(answer); a model that follows it gets the bare answer', async () => {
    const server = await startOpenAIWireServer({ replies: [js('final_answer("Delhi");')] });
    const agent = new CodeAgent({ model: modelFor(server.url) });
    try {
      assert.equal(await agent.run('Largest city in India by area?'), 'Delhi');
      const system = systemPrompt(server.requests[0]!);
      assert.match(system, /declare function final_answer\(answer: unknown\): never;/);
      assert.doesNotMatch(system, /final_answer\(args/);
      // Every example in the prompt calls it the same way: one positional answer, never an object of named arguments.
      const calls = [...system.matchAll(/final_answer\(([^)]*)\)/g)].map((match) => match[1]!);
      assert.ok(calls.length >= 4, calls.join(' / '));
      assert.ok(calls.every((argument) => !argument.trimStart().startsWith('{')), calls.join(' / '));
    } finally {
      await agent.dispose();
      await server.close();
    }
  });

  test('tool calling: final_answer stays a JSON tool with an `answer` argument, and the run gets that value', async () => {
    const server = await startOpenAIWireServer({ replies: [{ toolCalls: [{ name: 'final_answer', arguments: { answer: 'Delhi' } }] }] });
    const agent = new ToolCallingAgent({ model: modelFor(server.url) });
    try {
      assert.equal(await agent.run('Largest city in India by area?'), 'Delhi');
      const finalAnswer = server.requests[0]!.body.tools.find((definition: { function: { name: string } }) => definition.function.name === 'final_answer');
      assert.deepEqual(finalAnswer.function.parameters.required, ['answer']);
    } finally {
      await server.close();
    }
  });
});

describe('typed agents through the OpenAI wire server', () => {
  test('JavaScript: told the shape twice (declaration and section); a wrong answer is an error observation; run() parses', async () => {
    const server = await startOpenAIWireServer({
      replies: [js('final_answer({ city: "Tokyo", population: "37 million" });'), js('final_answer({ city: "Tokyo", population: 37_400_000 });')],
    });
    const agent = new CodeAgent({ model: modelFor(server.url), outputSchema: cityAnswer });
    try {
      const result = await agent.run('Most populous city?', { returnFullResult: true });
      assert.deepEqual(result.output, { city: 'Tokyo', population: 37_400_000, source: 'census' }, 'the schema parsed it: its default is there');
      assert.equal(result.state, 'success');
      const system = systemPrompt(server.requests[0]!);
      const type = '{\n  /** The city */\n  city: string;\n  population: number;\n  source?: string;\n}';
      assert.ok(system.includes(`declare function final_answer(answer: ${type}): never;`), system);
      assert.ok(system.includes(`## The shape of the final answer\nfinal_answer must get a value of this type, itself (not a string that describes it or holds it as JSON):\ntype FinalAnswer = ${type};`), system);
      const error = server.requests[1]!.body.messages.at(-1).content as string;
      assert.match(error, /The final answer was refused, and the task goes on: it does not have the required shape \(population: .*expected number, received string\)\. Call final_answer again/);
      assert.equal(agent.memory.actionSteps[0]!.isFinalAnswer, false);
    } finally {
      await agent.dispose();
      await server.close();
    }
  });

  test('tool calling: the final_answer tool shows the schema to the provider; a wrong answer is rejected, then accepted', async () => {
    const replies: WireReply[] = [
      { toolCalls: [{ id: 'a', name: 'final_answer', arguments: { answer: { city: 'Tokyo' } } }] },
      { toolCalls: [{ id: 'b', name: 'final_answer', arguments: { answer: { city: 'Tokyo', population: 37_400_000, source: 'UN' } } }] },
    ];
    const server = await startOpenAIWireServer({ replies });
    const agent = new ToolCallingAgent({ model: modelFor(server.url), outputSchema: cityAnswer });
    try {
      assert.deepEqual(await agent.run('Most populous city?'), { city: 'Tokyo', population: 37_400_000, source: 'UN' });
      const definition = server.requests[0]!.body.tools.find((tool: { function: { name: string } }) => tool.function.name === 'final_answer');
      const answer = definition.function.parameters.properties.answer;
      assert.deepEqual(answer.required, ['city', 'population']);
      assert.equal(answer.properties.population.type, 'integer');
      assert.match(answer.description, /in exactly this shape/);
      assert.match(systemPrompt(server.requests[0]!), /## The shape of the final answer\n[^\n]*\n\{"type":"object","properties":\{"city":\{"type":"string","description":"The city"\},"population":\{"type":"integer"\}/);
      const messages = JSON.stringify(server.requests[1]!.body.messages);
      assert.match(messages, /The final answer was refused, and the task goes on: it does not have the required shape \(population: /);
    } finally {
      await server.close();
    }
  });

  test('a JSON Schema works as an output schema too', async () => {
    const server = await startOpenAIWireServer({ replies: [js('final_answer(["a", 2]);'), js('final_answer(["a", "b"]);')] });
    const agent = new CodeAgent({ model: modelFor(server.url), outputSchema: { type: 'array', items: { type: 'string' } } });
    try {
      assert.deepEqual(await agent.run('Two letters?'), ['a', 'b']);
      assert.match(systemPrompt(server.requests[0]!), /declare function final_answer\(answer: string\[\]\): never;/);
      assert.match(server.requests[1]!.body.messages.at(-1).content, /\[1\]: expected string, received integer/);
    } finally {
      await agent.dispose();
      await server.close();
    }
  });

  test('out of steps: the answer is asked for as JSON of the schema (response_format), checked and parsed', async () => {
    const server = await startOpenAIWireServer({
      replies: [js('console.log("thinking")'), '```json\n{"city": "Tokyo", "population": 37400000}\n```'],
    });
    const agent = new CodeAgent({ model: modelFor(server.url), outputSchema: cityAnswer, maxSteps: 1 });
    try {
      const result = await agent.run('Most populous city?', { returnFullResult: true });
      assert.equal(result.state, 'max_steps_error');
      assert.deepEqual(result.output, { city: 'Tokyo', population: 37_400_000, source: 'census' });
      const last = server.requests[1]!.body;
      assert.equal(last.response_format.type, 'json_schema');
      assert.deepEqual(last.response_format.json_schema.schema.required, ['city', 'population']);
      assert.match(last.messages.at(-1).content, /Reply with nothing but the answer, as JSON that matches this JSON Schema:\n\{/);
      // The last observation and the request for the answer are one user message: roles alternate.
      assert.match(last.messages.at(-1).content, /^Observation:\nthinking\n\nFrom the work above, answer this task:\nMost populous city\?/);
      assert.equal(last.messages.at(-2).role, 'assistant');
    } finally {
      await agent.dispose();
      await server.close();
    }
  });

  test('out of steps with an answer that does not match: the run ends with AgentMaxStepsError, never with an untyped value', async () => {
    const model = new ScriptedModel([js('console.log("thinking")'), 'Tokyo, I think.']);
    const agent = new CodeAgent({ model, outputSchema: cityAnswer, maxSteps: 1 });
    try {
      await assert.rejects(agent.run('Most populous city?'), (error: unknown) => {
        assert.ok(error instanceof AgentMaxStepsError);
        assert.match(error.message, /Reached the maximum number of steps \(1\)\. The answer asked for from memory does not match the output schema: the reply is not JSON\./);
        return true;
      });
    } finally {
      await agent.dispose();
    }
  });

  test('final answer checks run on the parsed answer, after the schema', async () => {
    const seen: unknown[] = [];
    const model = new ScriptedModel([js('final_answer({ city: "Tokyo", population: 1 })')]);
    const agent = new CodeAgent({ model, outputSchema: cityAnswer, finalAnswerChecks: [(answer) => (seen.push(answer), true)] });
    try {
      await agent.run('x');
      assert.deepEqual(seen, [{ city: 'Tokyo', population: 1, source: 'census' }]);
    } finally {
      await agent.dispose();
    }
  });

  test('a bad outputSchema is refused at construction', () => {
    const model = new ScriptedModel([]);
    assert.throws(() => new CodeAgent({ model, outputSchema: 'string' as never }), /outputSchema must be a zod schema \(or any Standard Schema\) or a JSON Schema object/);
  });
});
