/**
 * The Model contract: every adapter turns a list of chat messages into one assistant message,
 * in one piece (`generate`) or as deltas (`generateStream`). Adapters never import the agent loop.
 */

export type MessageRole = 'system' | 'user' | 'assistant' | 'tool';

export interface TokenUsage {
  /** Every input token of the request, read from the provider's prompt cache or not. */
  inputTokens: number;
  outputTokens: number;
  /** Of `inputTokens`, those read from the provider's prompt cache (billed at a discount). Present when reported and > 0. */
  cachedInputTokens?: number;
  /** Of `inputTokens`, those written to the prompt cache (Anthropic and Bedrock bill them at a premium). Present when reported and > 0. */
  cacheWriteTokens?: number;
}

/** A usage record with the cache fields only when the provider reported cache activity. */
export function tokenUsage(inputTokens: number, outputTokens: number, cachedInputTokens?: number | null, cacheWriteTokens?: number | null): TokenUsage {
  return {
    inputTokens,
    outputTokens,
    ...(cachedInputTokens ? { cachedInputTokens } : {}),
    ...(cacheWriteTokens ? { cacheWriteTokens } : {}),
  };
}

export interface ToolCall {
  /** Provider-issued id, echoed back in the tool message that answers it. */
  id: string;
  name: string;
  /** Parsed JSON arguments when they parsed, otherwise the raw string the model produced. */
  arguments: unknown;
}

/** Text in a message's content. */
export interface TextPart {
  type: 'text';
  text: string;
}

/**
 * An image in a message's content, shaped like the AI SDK's image part. `image` is base64 data, a
 * `data:` URL, an `http(s)` URL (string or `URL`) or the bytes; `mediaType` (image/png, image/jpeg,
 * image/gif, image/webp) is read from the bytes when absent. See `src/models/images.ts`.
 */
export interface ImagePart {
  type: 'image';
  image: string | URL | Uint8Array;
  mediaType?: string | undefined;
}

export type ContentPart = TextPart | ImagePart;

/** A message's content: text, or text and image parts in order (user and tool messages). */
export type MessageContent = string | ContentPart[];

export interface ChatMessage {
  role: MessageRole;
  /** Text, or parts with images. Only user and tool messages may carry images; model replies are text. */
  content: MessageContent;
  /** Tool calls requested by an assistant message. */
  toolCalls?: ToolCall[] | undefined;
  /** For role "tool": the id of the call this message answers. */
  toolCallId?: string | undefined;
  tokenUsage?: TokenUsage | undefined;
  /** The provider's raw response, for debugging. Never sent back to the model. */
  raw?: unknown | undefined;
}

/** What a model returns: an assistant message whose content is text (images go to models, never come back). */
export interface ModelReply extends ChatMessage {
  content: string;
}

/** A JSON Schema object, as sent to providers for tool parameters and structured output. */
export type JsonSchema = Record<string, unknown>;

/** A tool as a provider sees it in native tool calling. */
export interface ToolDefinition {
  name: string;
  description: string;
  parameters: JsonSchema;
}

export interface ResponseFormat {
  type: 'json_schema';
  name: string;
  schema: JsonSchema;
}

export interface GenerateOptions {
  stopSequences?: string[] | undefined;
  tools?: ToolDefinition[] | undefined;
  /** "required" forces a tool call where the provider supports it. */
  toolChoice?: 'auto' | 'required' | 'none' | undefined;
  responseFormat?: ResponseFormat | undefined;
  signal?: AbortSignal | undefined;
}

export interface ToolCallDelta {
  /** Position of the call in the message; deltas with the same index belong together. */
  index: number;
  id?: string | undefined;
  name?: string | undefined;
  /** A fragment of the JSON arguments string. */
  argumentsDelta?: string | undefined;
}

export interface ChatMessageStreamDelta {
  content?: string | undefined;
  toolCalls?: ToolCallDelta[] | undefined;
  tokenUsage?: TokenUsage | undefined;
}

export interface Model {
  readonly modelId: string;
  generate(messages: ChatMessage[], options?: GenerateOptions): Promise<ModelReply>;
  /** Optional: adapters that can stream implement it; the agent falls back to `generate`. */
  generateStream?(messages: ChatMessage[], options?: GenerateOptions): AsyncIterable<ChatMessageStreamDelta>;
}
