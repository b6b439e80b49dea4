import { resolveImage } from '../models/images.js';
import { contentImages, contentParts, contentText } from '../models/message-content.js';
import type { ChatMessage, ContentPart } from '../models/model.js';

/**
 * Chat messages in the shape the OpenTelemetry GenAI conventions give `gen_ai.input.messages` and
 * `gen_ai.output.messages`: a role and a list of typed parts. System messages go separately, in
 * `gen_ai.system_instructions`. Images are the conventions' `blob` parts (the bytes, base64) or
 * `uri` parts (an image given by URL), in their place among the text.
 */
export type GenAiPart =
  | { type: 'text'; content: string }
  | { type: 'tool_call'; id: string; name: string; arguments: unknown }
  | { type: 'tool_call_response'; id: string; response: string }
  | { type: 'blob'; modality: 'image'; mime_type: string; content: string }
  | { type: 'uri'; modality: 'image'; mime_type?: string | undefined; uri: string };

export interface GenAiMessage {
  role: string;
  parts: GenAiPart[];
}

export function genAiMessages(messages: readonly ChatMessage[]): GenAiMessage[] {
  return messages.filter((message) => message.role !== 'system').map(toGenAiMessage);
}

export function systemInstructions(messages: readonly ChatMessage[]): GenAiPart[] | undefined {
  const parts = messages.filter((message) => message.role === 'system').map((message): GenAiPart => ({ type: 'text', content: contentText(message.content) }));
  return parts.length > 0 ? parts : undefined;
}

function toGenAiMessage(message: ChatMessage): GenAiMessage {
  if (message.role === 'tool') {
    // The result is the text; images a tool message carries follow it as parts of their own.
    const response: GenAiPart = { type: 'tool_call_response', id: message.toolCallId ?? '', response: contentText(message.content) };
    return { role: 'tool', parts: [response, ...contentImages(message.content).map(toGenAiPart)] };
  }
  const parts = contentParts(message.content).map(toGenAiPart);
  for (const call of message.toolCalls ?? []) parts.push({ type: 'tool_call', id: call.id, name: call.name, arguments: call.arguments });
  return { role: message.role, parts };
}

function toGenAiPart(part: ContentPart): GenAiPart {
  if (part.type === 'text') return { type: 'text', content: part.text };
  const image = resolveImage(part);
  return image.kind === 'data'
    ? { type: 'blob', modality: 'image', mime_type: image.mediaType, content: image.base64 }
    : { type: 'uri', modality: 'image', ...(image.mediaType ? { mime_type: image.mediaType } : {}), uri: image.url };
}
