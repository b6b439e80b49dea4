/**
 * Any provider the Vercel AI SDK (v6) supports, by LiteLLM-style id ("anthropic/claude-...",
 * "openai/gpt-4o", "openai-compatible/llama3", "google/gemini-2.0-flash") or by a `LanguageModel`
 * instance. The TypeScript counterpart of smolagents' `LiteLLMModel`.
 *
 * The SDK's own retries are off (`maxRetries: 0`): retries go through `withRetry` like every adapter.
 */
import type { LanguageModel, TextStreamPart, ToolSet } from 'ai';
import { ModelError } from '../errors.js';
import { assertInstalled, importOptional } from '../optional-dependency.js';
import { toModelMessages, toToolSet, type CacheBreakpointProvider } from './ai-sdk-messages.js';
import { providerPackage, resolveLanguageModel, splitModelId } from './ai-sdk-providers.js';
import { tokenUsage, type ChatMessage, type ChatMessageStreamDelta, type GenerateOptions, type Model, type ModelReply, type TokenUsage } from './model.js';
import { isRetryableStatus, parseRetryAfter, withRetry } from './retry.js';
import { clientSideStops, supportsStopParameter } from './stop-sequences.js';
import { streamWithRetry } from './stream-retry.js';
import { parseToolArguments } from './stream.js';
import type { ModelRetryOptions } from './openai-server-model.js';

type AiSdk = typeof import('ai');

/**
 * An AI SDK language model (what `createAnthropic(...)('claude-…')` and the other providers
 * return), described by its shape so that the published declarations do not need the `ai` package.
 */
export interface AISDKLanguageModel {
  readonly specificationVersion: string;
  readonly provider: string;
  readonly modelId: string;
  doGenerate(...args: never[]): PromiseLike<unknown>;
  doStream(...args: never[]): PromiseLike<unknown>;
}

/** Sampling settings passed to `generateText` / `streamText` as they are. */
export interface AISDKCallSettings {
  maxOutputTokens?: number | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  topK?: number | undefined;
  presencePenalty?: number | undefined;
  frequencyPenalty?: number | undefined;
  seed?: number | undefined;
  headers?: Record<string, string> | undefined;
  /** Provider-specific options, e.g. `{ anthropic: { thinking: {...} } }`. */
  providerOptions?: Record<string, Record<string, unknown>> | undefined;
}

export interface AISDKModelOptions extends AISDKCallSettings {
  /** "provider/model", e.g. "anthropic/claude-3-5-sonnet-latest". With `model`, only a label. */
  modelId: string;
  /** Defaults to the provider's own environment variable (ANTHROPIC_API_KEY, OPENAI_API_KEY...). */
  apiKey?: string | undefined;
  /** The provider's base URL, e.g. a proxy or a local server. */
  apiBase?: string | undefined;
  /** A ready `LanguageModel` (any AI SDK provider, configured by you); skips provider loading. */
  model?: AISDKLanguageModel | undefined;
  /** Retries after the first attempt on 429, 5xx and network errors (default 3). */
  maxRetries?: number | undefined;
  retry?: ModelRetryOptions | undefined;
  /**
   * Whether the provider accepts stop sequences. When false they are applied here only. Default:
   * false for OpenAI reasoning models and grok, true otherwise. Either way the reply is cut here
   * too, since some providers silently ignore them.
   */
  supportsStopParameter?: boolean | undefined;
  /**
   * Cache breakpoints for providers that cache only where told (Anthropic, Amazon Bedrock): on the
   * system prompt and on the newest message. Default true; other providers cache stable prefixes
   * on their own and get nothing extra.
   */
  promptCaching?: boolean | undefined;
}

export class AISDKModel implements Model {
  readonly modelId: string;
  private readonly options: AISDKModelOptions;
  private readonly supportsStop: boolean;
  private resolved?: Promise<{ sdk: AiSdk; model: LanguageModel }> | undefined;

  constructor(options: AISDKModelOptions) {
    this.modelId = options.modelId;
    this.options = options;
    this.supportsStop = options.supportsStopParameter ?? supportsStopParameter(options.modelId);
    // Before any request: the SDK and, unless a model is given, the provider's package.
    assertInstalled('ai', 'AISDKModel');
    if (!options.model) {
      const { provider } = splitModelId(options.modelId);
      assertInstalled(providerPackage(provider).packageName, `AISDKModel (provider '${provider}')`);
    }
  }

  private load(): Promise<{ sdk: AiSdk; model: LanguageModel }> {
    this.resolved ??= (async () => {
      const sdk = await importOptional<AiSdk>('ai', 'AISDKModel');
      const { model, apiKey, apiBase, headers } = this.options;
      return { sdk, model: (model as LanguageModel | undefined) ?? (await resolveLanguageModel(this.modelId, { apiKey, apiBase, headers })) };
    })();
    // A failed load (missing package, bad key) must not stick: the user may fix it and retry.
    this.resolved.catch(() => (this.resolved = undefined));
    return this.resolved;
  }

  private callSettings(sdk: AiSdk, model: LanguageModel, messages: ChatMessage[], options: GenerateOptions) {
    const { maxOutputTokens, temperature, topP, topK, presencePenalty, frequencyPenalty, seed, headers, providerOptions } = this.options;
    const tools = toToolSet(sdk, options.tools);
    const stops = (options.stopSequences ?? []).filter((stop) => stop !== '');
    return {
      model,
      messages: toModelMessages(messages, this.options.promptCaching === false ? undefined : cacheBreakpointProvider(model, this.modelId)),
      // Our system prompt is ours, not user input: no prompt-injection warning for it.
      allowSystemInMessages: true,
      maxRetries: 0,
      abortSignal: options.signal,
      ...(tools ? { tools, ...(options.toolChoice ? { toolChoice: options.toolChoice } : {}) } : {}),
      ...(stops.length > 0 && this.supportsStop ? { stopSequences: stops } : {}),
      ...(options.responseFormat
        ? { output: sdk.Output.object({ schema: sdk.jsonSchema(options.responseFormat.schema as Parameters<AiSdk['jsonSchema']>[0]), name: options.responseFormat.name }) }
        : {}),
      ...defined({ maxOutputTokens, temperature, topP, topK, presencePenalty, frequencyPenalty, seed, headers, providerOptions }),
    };
  }

  private retrySettings(signal: AbortSignal | undefined) {
    return { ...(this.options.retry ?? {}), maxRetries: this.options.maxRetries ?? 3, signal };
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    const { sdk, model } = await this.load();
    const stops = clientSideStops(options, false);
    const result = await withRetry(async () => {
      try {
        return await sdk.generateText(this.callSettings(sdk, model, messages, options) as Parameters<AiSdk['generateText']>[0]);
      } catch (error) {
        throw toModelError(sdk, error, options.signal);
      }
    }, this.retrySettings(options.signal));
    const toolCalls = result.toolCalls.map((call) => ({ id: call.toolCallId, name: call.toolName, arguments: parseToolArguments(call.input) }));
    const tokenUsage = toTokenUsage(result.usage);
    return stops.finish({
      role: 'assistant',
      content: result.text,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(tokenUsage ? { tokenUsage } : {}),
      raw: result.response,
    });
  }

  generateStream(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<ChatMessageStreamDelta> {
    return clientSideStops(options, false).filter(this.streamDeltas(messages, options));
  }

  private async *streamDeltas(messages: ChatMessage[], options: GenerateOptions): AsyncIterable<ChatMessageStreamDelta> {
    const { sdk, model } = await this.load();
    const open = async (): Promise<AsyncIterable<ChatMessageStreamDelta>> => {
      const result = sdk.streamText({
        ...(this.callSettings(sdk, model, messages, options) as Parameters<AiSdk['streamText']>[0]),
        // Errors arrive as stream parts, which we turn into exceptions; the default handler would print.
        onError: () => {},
      });
      return toDeltas(result.fullStream);
    };
    yield* streamWithRetry(open, { ...this.retrySettings(options.signal), toError: (error) => toModelError(sdk, error, options.signal) });
  }
}

/** Which breakpoint style the resolved model needs, from its provider name ("anthropic.messages", "amazon-bedrock"...). */
function cacheBreakpointProvider(model: LanguageModel, modelId: string): CacheBreakpointProvider | undefined {
  const provider = typeof model === 'object' ? model.provider : splitModelId(modelId).provider;
  if (/^(anthropic|vertex\.anthropic)/.test(provider)) return 'anthropic';
  if (/^(amazon-bedrock|bedrock)/.test(provider)) return 'bedrock';
  return undefined;
}

/** Maps the SDK's stream parts to our deltas; an `error` part becomes a thrown error. */
async function* toDeltas(parts: AsyncIterable<TextStreamPart<ToolSet>>): AsyncIterable<ChatMessageStreamDelta> {
  const indexes = new Map<string, number>();
  const streamedInput = new Set<string>();
  const indexOf = (id: string): number => {
    if (!indexes.has(id)) indexes.set(id, indexes.size);
    return indexes.get(id)!;
  };
  for await (const part of parts) {
    switch (part.type) {
      case 'text-delta':
        if (part.text) yield { content: part.text };
        break;
      case 'tool-input-start':
        yield { toolCalls: [{ index: indexOf(part.id), id: part.id, name: part.toolName }] };
        break;
      case 'tool-input-delta':
        streamedInput.add(part.id);
        yield { toolCalls: [{ index: indexOf(part.id), argumentsDelta: part.delta }] };
        break;
      case 'tool-call':
        // Some providers send a whole call at once, without input deltas.
        if (!streamedInput.has(part.toolCallId)) {
          const known = indexes.has(part.toolCallId);
          yield {
            toolCalls: [{
              index: indexOf(part.toolCallId),
              ...(known ? {} : { id: part.toolCallId, name: part.toolName }),
              argumentsDelta: typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {}),
            }],
          };
        }
        break;
      case 'finish': {
        const tokenUsage = toTokenUsage(part.totalUsage);
        if (tokenUsage) yield { tokenUsage };
        break;
      }
      case 'error':
        throw part.error;
      default:
        break;
    }
  }
}

interface SdkUsage {
  inputTokens?: number | undefined;
  outputTokens?: number | undefined;
  inputTokenDetails?: { cacheReadTokens?: number | undefined; cacheWriteTokens?: number | undefined } | undefined;
  /** The AI SDK's older name for cache reads. */
  cachedInputTokens?: number | undefined;
}

/** The SDK's `inputTokens` already counts cache reads and writes (its providers add them up). */
function toTokenUsage(usage: SdkUsage | undefined): TokenUsage | undefined {
  if (!usage || (usage.inputTokens === undefined && usage.outputTokens === undefined)) return undefined;
  const details = usage.inputTokenDetails;
  return tokenUsage(usage.inputTokens ?? 0, usage.outputTokens ?? 0, details?.cacheReadTokens ?? usage.cachedInputTokens, details?.cacheWriteTokens);
}

/** An AI SDK error as a `ModelError` with the provider's status and message; aborts stay aborts. */
function toModelError(sdk: AiSdk, error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ModelError) return error;
  const inner = sdk.RetryError.isInstance(error) ? error.lastError : error;
  if (sdk.APICallError.isInstance(inner)) {
    const status = inner.statusCode;
    const headers = inner.responseHeaders ?? {};
    return new ModelError(status !== undefined ? `Model request failed (${status}): ${inner.message}` : `Could not reach the model server: ${inner.message}`, {
      status,
      providerMessage: inner.message,
      retryable: status === undefined ? inner.isRetryable : inner.isRetryable || isRetryableStatus(status),
      retryAfterMs: headers['retry-after-ms'] !== undefined ? Number(headers['retry-after-ms']) : parseRetryAfter(headers['retry-after']),
      cause: inner,
    });
  }
  if (sdk.AISDKError.isInstance(inner)) {
    return new ModelError(`Model request failed: ${inner.message}`, { providerMessage: inner.message, cause: inner });
  }
  return inner;
}

function defined<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined)) as Partial<T>;
}
