// A user's file, written like the README tour; scripts/check-consumer.mjs compiles it in a fresh
// project with strict, exactOptionalPropertyTypes and skipLibCheck: false, then runs it against
// the OpenAI wire server (OPENAI_BASE_URL).
import {
  AISDKModel,
  AzureOpenAIServerModel,
  CodeAgent,
  E2BExecutor,
  InferenceClientModel,
  LocalJsExecutor,
  OpenAIServerModel,
  Tool,
  ToolCallingAgent,
  tool,
  type AgentEvent,
} from 'smolagents-ts';
import { z } from 'zod';

// Options take `undefined` explicitly: environment variables are `string | undefined`.
const model = new OpenAIServerModel({ modelId: 'gpt-4o-mini', apiKey: process.env.OPENAI_API_KEY, apiBase: process.env.OPENAI_BASE_URL });

const getTravelDuration = tool({
  name: 'get_travel_duration',
  description: 'Travel time between two places, in minutes.',
  inputSchema: z.object({
    from: z.string().describe('Start address'),
    to: z.string().describe('Destination address'),
    mode: z.enum(['driving', 'walking', 'transit']).default('driving'),
  }),
  outputType: 'number',
  execute: async ({ from, to, mode }, { signal }) => {
    signal?.throwIfAborted();
    return (from.length + to.length) * (mode === 'walking' ? 3 : 1);
  },
});

// The class style, with `outputType` set as a plain field (no `readonly`).
class ShoutTool extends Tool<{ text: string }, string> {
  name = 'shout';
  description = 'The text in capitals.';
  inputSchema = z.object({ text: z.string() });
  outputType = 'string';
  forward({ text }: { text: string }): string {
    return text.toUpperCase();
  }
}

const agent = new CodeAgent({ model, tools: [getTravelDuration, new ShoutTool()], verbosity: 'normal', maxSteps: 3, instructions: process.env.AGENT_INSTRUCTIONS });
try {
  const answer = await agent.run('How long from the Louvre to Montmartre on foot? Shout it.');
  console.log(`answer: ${String(answer)}`);
} finally {
  await agent.dispose();
}

const caller = new ToolCallingAgent({ model, tools: [getTravelDuration], logger: false, planningInterval: undefined });
const events = caller.stream('How long from the Louvre to Montmartre by car?');
for (let next = await events.next(); ; next = await events.next()) {
  if (next.done) {
    console.log(`result: ${JSON.stringify(next.value.output)}`);
    break;
  }
  const event: AgentEvent = next.value;
  if (event.type === 'tool_call' && event.toolCall.name !== 'final_answer') console.log('calling', event.toolCall.name, JSON.stringify(event.toolCall.arguments));
}

/** Compiled, never called: the other option types the issue named, fed from the environment. */
export function optionTypes(): unknown[] {
  return [
    new AzureOpenAIServerModel({ modelId: 'deployment', apiKey: process.env.AZURE_OPENAI_API_KEY, azureEndpoint: process.env.AZURE_OPENAI_ENDPOINT, apiVersion: process.env.OPENAI_API_VERSION }),
    new InferenceClientModel({ modelId: 'Qwen/Qwen2.5-Coder-32B-Instruct', token: process.env.HF_TOKEN, provider: process.env.HF_PROVIDER, apiBase: undefined }),
    new AISDKModel({ modelId: 'anthropic/claude-sonnet-4-5', apiKey: process.env.ANTHROPIC_API_KEY, apiBase: undefined }),
    new E2BExecutor({ template: process.env.E2B_TEMPLATE, timeoutMs: undefined, sandboxOptions: { apiKey: process.env.E2B_API_KEY } }),
    new LocalJsExecutor({ timeoutMs: undefined, additionalAuthorizedImports: undefined }),
  ];
}
