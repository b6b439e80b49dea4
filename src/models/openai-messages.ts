/**
 * ChatMessage[] ⇄ the OpenAI chat-completions wire format, shared by every adapter that speaks it
 * (the `openai` SDK, Azure, Hugging Face Inference Providers). The types here are the structural
 * subset of the wire format we read and write, so no SDK types leak in and any client fits.
 */
import { imageUrl } from './images.js';
import { assertImagesOnlyFromUserOrTool, contentImages, contentParts, contentText, hasImages } from './message-content.js';
import { tokenUsage, type ChatMessage, type ChatMessageStreamDelta, type GenerateOptions, type ModelReply, type TokenUsage, type ToolCall, type ToolCallDelta } from './model.js';
import { parseToolArguments } from './stream.js';

export interface WireToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/** A user message's content parts: text, and images as a data: or http(s) URL. */
export type WireContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string } };

export type WireMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | WireContentPart[] }
  | { role: 'assistant'; content: string | null; tool_calls?: WireToolCall[] }
  | { role: 'tool'; content: string; tool_call_id: string };

/** The fields of a chat.completion response we read. */
export interface WireCompletion {
  choices?: ({
    message?: {
      content?: string | null;
      tool_calls?: ({ id?: string; function?: { name?: string; arguments?: string | unknown } } | null)[] | null;
    } | null;
  } | null)[] | null;
  usage?: WireUsage | null | undefined;
}

/** The fields of a chat.completion.chunk we read. */
export interface WireChunk {
  choices?: ({
    delta?: {
      content?: string | null;
      tool_calls?: ({ index?: number; id?: string | null; function?: { name?: string | null; arguments?: string | null } | null } | null)[] | null;
    } | null;
  } | null)[] | null;
  usage?: WireUsage | null | undefined;
}

export interface WireUsage {
  prompt_tokens?: number | null | undefined;
  completion_tokens?: number | null | undefined;
  /** OpenAI's automatic prompt caching: `cached_tokens` are part of `prompt_tokens`. */
  prompt_tokens_details?: { cached_tokens?: number | null } | null | undefined;
}

export function toWireMessages(messages: readonly ChatMessage[]): WireMessage[] {
  return messages.flatMap((message): WireMessage[] => {
    assertImagesOnlyFromUserOrTool(message, 'OpenAI chat completions');
    const text = contentText(message.content);
    switch (message.role) {
      case 'assistant': {
        if (!message.toolCalls?.length) return [{ role: 'assistant', content: text }];
        return [{
          role: 'assistant',
          // Some servers reject an empty string beside tool calls; null is what OpenAI itself returns.
          content: text === '' ? null : text,
          tool_calls: message.toolCalls.map(toWireToolCall),
        }];
      }
      case 'tool': {
        // A tool result without the id of its call cannot be placed; keep it as a user turn.
        if (!message.toolCallId) return [toWireUser(message)];
        // Tool messages take text only: their images follow in a user message.
        const result: WireMessage = { role: 'tool', tool_call_id: message.toolCallId, content: text };
        const images = contentImages(message.content);
        return images.length > 0 ? [result, toWireUser({ role: 'user', content: images })] : [result];
      }
      case 'user':
        return [toWireUser(message)];
      case 'system':
        return [{ role: 'system', content: text }];
    }
  });
}

function toWireUser(message: ChatMessage): WireMessage {
  if (!hasImages(message.content)) return { role: 'user', content: contentText(message.content) };
  return {
    role: 'user',
    content: contentParts(message.content).map((part): WireContentPart =>
      part.type === 'text' ? { type: 'text', text: part.text } : { type: 'image_url', image_url: { url: imageUrl(part) } },
    ),
  };
}

function toWireToolCall(call: ToolCall): WireToolCall {
  const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
  return { id: call.id, type: 'function', function: { name: call.name, arguments: args } };
}

/**
 * The request body for one completion: messages, the options that map onto wire fields, and the
 * adapter's extra parameters (temperature, max_tokens...) passed through untouched. Per-call options
 * win over extras so that a model configured with `stop` still honours the agent's stop sequences.
 */
export function buildChatRequest(
  modelId: string,
  messages: readonly ChatMessage[],
  options: GenerateOptions,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const body: Record<string, unknown> = { ...extra, model: modelId, messages: toWireMessages(messages) };
  if (options.stopSequences?.length) body['stop'] = options.stopSequences;
  if (options.tools?.length) {
    body['tools'] = options.tools.map((tool) => ({
      type: 'function',
      function: { name: tool.name, description: tool.description, parameters: tool.parameters },
    }));
    if (options.toolChoice) body['tool_choice'] = options.toolChoice;
  }
  if (options.responseFormat) {
    body['response_format'] = {
      type: 'json_schema',
      json_schema: { name: options.responseFormat.name, schema: options.responseFormat.schema, strict: false },
    };
  }
  return body;
}

export function fromWireUsage(usage: WireUsage | null | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  return tokenUsage(usage.prompt_tokens ?? 0, usage.completion_tokens ?? 0, usage.prompt_tokens_details?.cached_tokens);
}

/** One complete response → one assistant message; `raw` keeps the response for debugging. */
export function fromWireCompletion(response: WireCompletion): ModelReply {
  const message = response.choices?.[0]?.message;
  const toolCalls: ToolCall[] = (message?.tool_calls ?? []).flatMap((call, index) =>
    call?.function?.name
      ? [{ id: call.id ?? `call_${index}`, name: call.function.name, arguments: parseToolArguments(call.function.arguments) }]
      : [],
  );
  const tokenUsage = fromWireUsage(response.usage);
  return {
    role: 'assistant',
    content: message?.content ?? '',
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(tokenUsage ? { tokenUsage } : {}),
    raw: response,
  };
}

/** One stream chunk → a delta, or undefined when the chunk carries nothing we use. */
export function fromWireChunk(chunk: WireChunk): ChatMessageStreamDelta | undefined {
  const delta = chunk.choices?.[0]?.delta;
  const out: ChatMessageStreamDelta = {};
  if (delta?.content) out.content = delta.content;
  const toolCalls: ToolCallDelta[] = (delta?.tool_calls ?? []).flatMap((call, position) => {
    if (!call) return [];
    const item: ToolCallDelta = { index: call.index ?? position };
    if (call.id) item.id = call.id;
    if (call.function?.name) item.name = call.function.name;
    if (call.function?.arguments) item.argumentsDelta = call.function.arguments;
    return [item];
  });
  if (toolCalls.length > 0) out.toolCalls = toolCalls;
  const usage = fromWireUsage(chunk.usage);
  if (usage) out.tokenUsage = usage;
  return out.content !== undefined || out.toolCalls || out.tokenUsage ? out : undefined;
}
