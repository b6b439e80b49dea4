/**
 * Our chat messages and tool definitions in the AI SDK's shapes (`ModelMessage`, `ToolSet`).
 * Tools are declared without `execute`, so the SDK hands tool calls back instead of running them:
 * the agent loop runs tools itself.
 */
import type { ModelMessage, ToolSet } from 'ai';
import type { ChatMessage, ToolDefinition } from './model.js';

type AiSdk = typeof import('ai');

export function toModelMessages(messages: ChatMessage[]): ModelMessage[] {
  // Tool results must name their tool; only the assistant message that made the call knows it.
  const toolNames = new Map<string, string>();
  for (const message of messages) for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);

  return messages.map((message): ModelMessage => {
    switch (message.role) {
      case 'system':
        return { role: 'system', content: message.content };
      case 'user':
        return { role: 'user', content: message.content };
      case 'assistant': {
        if (!message.toolCalls?.length) return { role: 'assistant', content: message.content };
        return {
          role: 'assistant',
          content: [
            ...(message.content ? [{ type: 'text' as const, text: message.content }] : []),
            ...message.toolCalls.map((call) => ({
              type: 'tool-call' as const,
              toolCallId: call.id,
              toolName: call.name,
              input: call.arguments ?? {},
            })),
          ],
        };
      }
      case 'tool': {
        const name = message.toolCallId ? toolNames.get(message.toolCallId) : undefined;
        // An observation that answers no known call is plain context for the model.
        if (!message.toolCallId || !name) return { role: 'user', content: message.content };
        return {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: name, output: { type: 'text', value: message.content } }],
        };
      }
    }
  });
}

export function toToolSet(sdk: AiSdk, tools: ToolDefinition[] | undefined): ToolSet | undefined {
  if (!tools?.length) return undefined;
  const set: ToolSet = {};
  for (const definition of tools) {
    set[definition.name] = sdk.tool({
      description: definition.description,
      inputSchema: sdk.jsonSchema(definition.parameters as Parameters<AiSdk['jsonSchema']>[0]),
    });
  }
  return set;
}
