import type { ChatMessage } from '../models/model.js';

/**
 * Chat messages in the shape the OpenTelemetry GenAI conventions give `gen_ai.input.messages` and
 * `gen_ai.output.messages`: a role and a list of typed parts. System messages go separately, in
 * `gen_ai.system_instructions`.
 */
export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: string };

export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
}

export function genAiMessages(messages: readonly ChatMessage[]): GenAiMessage[] {
  return messages.filter((message) => message.role !== 'system').map(toGenAiMessage);
}

export function systemInstructions(messages: readonly ChatMessage[]): GenAiPart[] | undefined {
  const parts = messages.filter((message) => message.role === 'system').map((message): GenAiPart => ({ type: 'text', content: message.content }));
  return parts.length > 0 ? parts : undefined;
}

function toGenAiMessage(message: ChatMessage): GenAiMessage {
  if (message.role === 'tool') {
    return { role: 'tool', parts: [{ type: 'tool_call_response', id: message.toolCallId ?? '', response: message.content }] };
  }
  const parts: GenAiPart[] = message.content ? [{ type: 'text', content: message.content }] : [];
  for (const call of message.toolCalls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
  return { role: message.role, parts };
}
