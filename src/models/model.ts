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

export interface ChatMessage {
  role: MessageRole;
  content: string;
  /** Tool calls requested by an assistant message. */
  toolCalls?: ToolCall[] | undefined;
  /** For role "tool": the id of the call this message answers. */
  toolCallId?: string | undefined;
  tokenUsage?: TokenUsage | undefined;
  /** The provider's raw response, for debugging. Never sent back to the model. */
  raw?: unknown | undefined;
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
  generate(messages: ChatMessage[], options?: GenerateOptions): Promise<ChatMessage>;
  /** Optional: adapters that can stream implement it; the agent falls back to `generate`. */
  generateStream?(messages: ChatMessage[], options?: GenerateOptions): AsyncIterable<ChatMessageStreamDelta>;
}
