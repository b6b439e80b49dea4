/**
 * Our chat messages and tool definitions in the AI SDK's shapes (`ModelMessage`, `ToolSet`).
 * Tools are declared without `execute`, so the SDK hands tool calls back instead of running them:
 * the agent loop runs tools itself.
 */
import type { ModelMessage, ToolSet, UserContent } from 'ai';
import { resolveImage } from './images.js';
import { assertImagesOnlyFromUserOrTool, contentImages, contentParts, contentText, hasImages } from './message-content.js';
import type { ChatMessage, MessageContent, ToolDefinition } from './model.js';

type AiSdk = typeof import('ai');

/** Providers whose prompt cache works only at explicit breakpoints, as the AI SDK names their options. */
export type CacheBreakpointProvider = 'anthropic' | 'bedrock';

const breakpointOptions: Record<CacheBreakpointProvider, Record<string, Record<string, unknown>>> = {
  anthropic: { anthropic: { cacheControl: { type: 'ephemeral' } } },
  bedrock: { bedrock: { cachePoint: { type: 'default' } } },
};

/**
 * The SDK's messages, with cache breakpoints for `cacheProvider` when given: one on the system prompt
 * (the same at every step) and one on the newest message, so that the next request, which repeats this
 * one and adds a step, reads everything up to here from the cache.
 */
export function toModelMessages(messages: ChatMessage[], cacheProvider?: CacheBreakpointProvider): ModelMessage[] {
  const converted = convertMessages(messages);
  if (!cacheProvider) return converted;
  const marked = new Set([converted.findIndex((message) => message.role === 'system'), converted.length - 1]);
  return converted.map((message, index) => (marked.has(index) ? ({ ...message, providerOptions: breakpointOptions[cacheProvider] } as ModelMessage) : message));
}

function convertMessages(messages: ChatMessage[]): ModelMessage[] {
  // Tool results must name their tool; only the assistant message that made the call knows it.
  const toolNames = new Map<string, string>();
  for (const message of messages) for (const call of message.toolCalls ?? []) toolNames.set(call.id, call.name);

  return messages.flatMap((message): ModelMessage[] => {
    assertImagesOnlyFromUserOrTool(message, 'AISDKModel');
    const text = contentText(message.content);
    switch (message.role) {
      case 'system':
        return [{ role: 'system', content: text }];
      case 'user':
        return [{ role: 'user', content: userContent(message.content) }];
      case 'assistant': {
        if (!message.toolCalls?.length) return [{ role: 'assistant', content: text }];
        return [{
          role: 'assistant',
          content: [
            ...(text ? [{ type: 'text' as const, text }] : []),
            ...message.toolCalls.map((call) => ({
              type: 'tool-call' as const,
              toolCallId: call.id,
              toolName: call.name,
              input: call.arguments ?? {},
            })),
          ],
        }];
      }
      case 'tool': {
        const name = message.toolCallId ? toolNames.get(message.toolCallId) : undefined;
        // An observation that answers no known call is plain context for the model.
        if (!message.toolCallId || !name) return [{ role: 'user', content: userContent(message.content) }];
        const result: ModelMessage = {
          role: 'tool',
          content: [{ type: 'tool-result', toolCallId: message.toolCallId, toolName: name, output: { type: 'text', value: text } }],
        };
        // The result stays text; its images follow as a user turn (providers merge it into the same turn).
        const images = contentImages(message.content);
        return images.length > 0 ? [result, { role: 'user', content: userContent(images) }] : [result];
      }
    }
  });
}

/** Text stays a string; images become the SDK's image parts (base64 with its media type, or a URL). */
function userContent(content: MessageContent): UserContent {
  if (!hasImages(content)) return contentText(content);
  return contentParts(content).map((part) => {
    if (part.type === 'text') return { type: 'text' as const, text: part.text };
    const image = resolveImage(part);
    return image.kind === 'url'
      ? { type: 'image' as const, image: new URL(image.url), ...(image.mediaType ? { mediaType: image.mediaType } : {}) }
      : { type: 'image' as const, image: image.base64, mediaType: image.mediaType };
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
