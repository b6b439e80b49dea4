/**
 * Our chat messages, tools and options as a Bedrock Converse request, and Converse replies /
 * ConverseStream events back as our messages and deltas.
 */
import type {
  ContentBlock,
  ImageBlock,
  ConverseRequest,
  ConverseResponse,
  ConverseStreamOutput,
  Message,
  SystemContentBlock,
  ToolConfiguration,
} from '@aws-sdk/client-bedrock-runtime';
import { ModelError } from '../errors.js';
import { resolveImage } from './images.js';
import { assertImagesOnlyFromUserOrTool, contentParts, contentText } from './message-content.js';
import { tokenUsage, type ChatMessage, type ChatMessageStreamDelta, type GenerateOptions, type ImagePart, type ModelReply, type TokenUsage, type ToolCall } from './model.js';
import { parseToolArguments } from './stream.js';

export interface BedrockRequestSettings {
  inferenceConfig?: ConverseRequest['inferenceConfig'] | undefined;
  additionalModelRequestFields?: Record<string, unknown> | undefined;
  /** Adds `cachePoint` blocks after the system prompt and after the newest turn. */
  promptCaching?: boolean | undefined;
}

/** Models that accept `cachePoint` blocks (others reject them): Claude 3.5 Haiku, 3.7 and 4.x, Amazon Nova. */
export function supportsBedrockPromptCaching(modelId: string): boolean {
  return /anthropic\.claude-(3-5-haiku|3-7-sonnet|(sonnet|opus|haiku)-4)|amazon\.nova-(micro|lite|pro|premier)/.test(modelId);
}

const CACHE_POINT = { cachePoint: { type: 'default' } } as const;

export function buildConverseRequest(
  modelId: string,
  messages: ChatMessage[],
  options: GenerateOptions,
  settings: BedrockRequestSettings,
): ConverseRequest {
  const system: SystemContentBlock[] = [];
  const turns: Message[] = [];
  // Converse wants strictly alternating user / assistant turns: consecutive blocks of one role merge.
  const push = (role: 'user' | 'assistant', blocks: ContentBlock[]): void => {
    if (blocks.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.content = [...(last.content ?? []), ...blocks];
    else turns.push({ role, content: blocks });
  };
  for (const message of messages) {
    assertImagesOnlyFromUserOrTool(message, 'Bedrock Converse');
    const text = contentText(message.content);
    switch (message.role) {
      case 'system':
        if (text) system.push({ text });
        break;
      case 'user': {
        const blocks = contentBlocks(message);
        push('user', blocks.length > 0 ? blocks : [{ text: ' ' }]);
        break;
      }
      case 'assistant':
        push('assistant', [
          ...(text ? [{ text }] : []),
          ...(message.toolCalls ?? []).map((call): ContentBlock => ({
            toolUse: { toolUseId: call.id, name: call.name, input: toDocument(call.arguments) },
          })),
        ]);
        break;
      case 'tool': {
        // A tool result holds text and image blocks alike.
        const blocks = contentBlocks(message);
        push('user', message.toolCallId ? [{ toolResult: { toolUseId: message.toolCallId, content: blocks.length > 0 ? blocks : [{ text: '' }] } }] : blocks);
        break;
      }
    }
  }

  if (settings.promptCaching) {
    // The system prompt is the same at every step; the newest turn is where the next request will
    // start to differ, so everything before it is read from the cache then.
    if (system.length > 0) system.push(CACHE_POINT);
    const last = turns.at(-1);
    if (last) last.content = [...(last.content ?? []), CACHE_POINT];
  }

  const stops = (options.stopSequences ?? []).filter((stop) => stop !== '');
  const inferenceConfig = { ...(settings.inferenceConfig ?? {}), ...(stops.length > 0 ? { stopSequences: stops } : {}) };
  return {
    modelId,
    messages: turns,
    ...(system.length > 0 ? { system } : {}),
    ...(Object.keys(inferenceConfig).length > 0 ? { inferenceConfig } : {}),
    ...(toolConfig(options) ? { toolConfig: toolConfig(options) } : {}),
    ...(options.responseFormat
      ? {
          outputConfig: {
            textFormat: {
              type: 'json_schema',
              structure: { jsonSchema: { name: options.responseFormat.name, schema: JSON.stringify(options.responseFormat.schema) } },
            },
          },
        }
      : {}),
    ...(settings.additionalModelRequestFields ? { additionalModelRequestFields: settings.additionalModelRequestFields as ConverseRequest['additionalModelRequestFields'] } : {}),
  };
}

/** A message's text and images as Converse blocks (the same shapes serve user turns and tool results). */
function contentBlocks(message: ChatMessage): (ContentBlock.TextMember | ContentBlock.ImageMember)[] {
  return contentParts(message.content).map((part) => (part.type === 'text' ? { text: part.text } : { image: imageBlock(part) }));
}

/** Converse takes images as bytes (or from S3), never from a web URL: one given by URL must be fetched by the caller. */
function imageBlock(part: ImagePart): ImageBlock {
  const image = resolveImage(part);
  if (image.kind === 'url') {
    throw new ModelError(`Bedrock Converse takes image bytes, not URLs: fetch ${image.url} and pass its bytes instead.`);
  }
  return { format: image.mediaType.slice('image/'.length) as ImageBlock['format'], source: { bytes: Buffer.from(image.base64, 'base64') } };
}

function toolConfig(options: GenerateOptions): ToolConfiguration | undefined {
  // Converse has no "none": leaving the tools out is how to forbid calls.
  if (!options.tools?.length || options.toolChoice === 'none') return undefined;
  return {
    tools: options.tools.map((tool) => ({
      toolSpec: { name: tool.name, description: tool.description, inputSchema: { json: toDocument(tool.parameters) } },
    })),
    toolChoice: options.toolChoice === 'required' ? { any: {} } : { auto: {} },
  };
}

/** Converse documents must be JSON values; a raw (unparsed) argument string is wrapped. */
function toDocument(value: unknown): NonNullable<ContentBlock.ToolUseMember['toolUse']['input']> {
  if (typeof value === 'string') return { input: value };
  return (value ?? {}) as NonNullable<ContentBlock.ToolUseMember['toolUse']['input']>;
}

export function fromConverseResponse(response: ConverseResponse): ModelReply {
  const blocks = response.output?.message?.content ?? [];
  const text = blocks.map((block) => block.text ?? '').join('');
  const toolCalls: ToolCall[] = blocks
    .filter((block) => block.toolUse)
    .map((block) => ({ id: block.toolUse!.toolUseId ?? '', name: block.toolUse!.name ?? '', arguments: parseToolArguments(block.toolUse!.input) }));
  const tokenUsage = toTokenUsage(response.usage);
  return {
    role: 'assistant',
    content: text,
    ...(toolCalls.length > 0 ? { toolCalls } : {}),
    ...(tokenUsage ? { tokenUsage } : {}),
    raw: response,
  };
}

/**
 * One ConverseStream event as a delta. Tool calls are keyed by Converse's content block index,
 * which is unique per message, so it serves as our tool-call index directly.
 */
export function fromStreamEvent(event: ConverseStreamOutput): ChatMessageStreamDelta | undefined {
  if (event.contentBlockStart?.start?.toolUse) {
    const { toolUseId, name } = event.contentBlockStart.start.toolUse;
    return { toolCalls: [{ index: event.contentBlockStart.contentBlockIndex ?? 0, id: toolUseId, name }] };
  }
  if (event.contentBlockDelta?.delta) {
    const { delta, contentBlockIndex } = event.contentBlockDelta;
    if (delta.text) return { content: delta.text };
    if (delta.toolUse?.input) return { toolCalls: [{ index: contentBlockIndex ?? 0, argumentsDelta: delta.toolUse.input }] };
    return undefined;
  }
  if (event.metadata?.usage) {
    const tokenUsage = toTokenUsage(event.metadata.usage);
    return tokenUsage ? { tokenUsage } : undefined;
  }
  return undefined;
}

interface ConverseUsage {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  cacheReadInputTokens?: number | undefined;
  cacheWriteInputTokens?: number | undefined;
}

/** Bedrock's `inputTokens` leaves out cache reads and writes; ours counts every input token. */
function toTokenUsage(usage: ConverseUsage | undefined): TokenUsage | undefined {
  if (!usage) return undefined;
  const read = usage.cacheReadInputTokens ?? 0;
  const write = usage.cacheWriteInputTokens ?? 0;
  return tokenUsage((usage.inputTokens ?? 0) + read + write, usage.outputTokens ?? 0, read, write);
}
