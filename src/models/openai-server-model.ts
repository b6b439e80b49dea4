/**
 * Any OpenAI-compatible chat-completions server (OpenAI, vLLM, Ollama, llama.cpp, Together...) through
 * the official `openai` SDK. The SDK's own retries are off: retries go through `withRetry`, so every
 * adapter backs off the same way and errors arrive as `ModelError`.
 */
import type { ClientOptions, OpenAI } from 'openai';
import { ModelError } from '../errors.js';
import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, Model, ModelReply } from './model.js';
import { buildChatRequest, fromWireChunk, fromWireCompletion, type WireChunk, type WireCompletion } from './openai-messages.js';
import { isRetryableStatus, parseRetryAfter, withRetry, type RetryOptions } from './retry.js';
import { clientSideStops, supportsStopParameter } from './stop-sequences.js';
import { streamWithRetry } from './stream-retry.js';

type OpenAISdk = typeof import('openai');

/** Backoff tuning; `maxRetries` lives on the model options. */
export type ModelRetryOptions = Pick<RetryOptions, 'baseDelayMs' | 'maxDelayMs' | 'onRetry'>;

/** Options every adapter built on the `openai` SDK shares. */
export interface OpenAIClientModelOptions {
  modelId: string;
  /** Retries after the first attempt on 429, 5xx and network errors (default 3). */
  maxRetries?: number | undefined;
  /** Per-request timeout; a timeout counts as a retryable network error. */
  timeoutMs?: number | undefined;
  retry?: ModelRetryOptions | undefined;
  /** Passed to the SDK client as-is (headers, fetch, httpAgent...). */
  clientOptions?: Partial<ClientOptions> | undefined;
  /** Extra completion parameters sent on every request (temperature, max_tokens, seed...). */
  completionParams?: Record<string, unknown> | undefined;
  /**
   * Whether the server accepts the `stop` parameter; when not, stop sequences are applied here.
   * Default: false for OpenAI reasoning models (o3, o4, gpt-5...) and grok, true otherwise.
   */
  supportsStopParameter?: boolean | undefined;
}

export interface OpenAIServerModelOptions extends OpenAIClientModelOptions {
  /** Base URL of the server, e.g. `http://localhost:11434/v1`; defaults to OPENAI_BASE_URL, then OpenAI. */
  apiBase?: string | undefined;
  /** Defaults to OPENAI_API_KEY. Local servers usually accept any string. */
  apiKey?: string | undefined;
  organization?: string | undefined;
  project?: string | undefined;
  /** Any other key is an extra completion parameter, as in smolagents (`temperature: 0.2`). */
  [completionParam: string]: unknown;
}

const CLIENT_KEYS = new Set([
  'modelId', 'maxRetries', 'timeoutMs', 'retry', 'clientOptions', 'completionParams', 'supportsStopParameter',
  'apiBase', 'apiKey', 'organization', 'project', 'azureEndpoint', 'apiVersion', 'azureAdTokenProvider',
]);

/** Splits the options object into client settings and pass-through completion parameters. */
export function extraCompletionParams(options: Record<string, unknown>): Record<string, unknown> {
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (!CLIENT_KEYS.has(key) && value !== undefined) extra[key] = value;
  }
  const explicit = options['completionParams'];
  return { ...extra, ...(typeof explicit === 'object' && explicit !== null ? explicit : {}) };
}

/**
 * The shared engine: subclasses only say how to build the SDK client (plain OpenAI, Azure...).
 * The SDK is imported on first use so that merely importing the library loads no provider code.
 */
export abstract class OpenAIClientModel implements Model {
  readonly modelId: string;
  protected readonly completionParams: Record<string, unknown>;
  protected readonly maxRetries: number;
  protected readonly timeoutMs?: number | undefined;
  protected readonly retryOptions: ModelRetryOptions;
  protected readonly clientOptions: Partial<ClientOptions>;
  protected readonly supportsStop: boolean;
  private clientPromise?: Promise<{ sdk: OpenAISdk; client: OpenAI }> | undefined;

  protected constructor(options: OpenAIClientModelOptions & Record<string, unknown>) {
    this.modelId = options.modelId;
    this.completionParams = extraCompletionParams(options);
    this.maxRetries = options.maxRetries ?? 3;
    this.timeoutMs = options.timeoutMs;
    this.retryOptions = options.retry ?? {};
    this.clientOptions = options.clientOptions ?? {};
    this.supportsStop = options.supportsStopParameter ?? supportsStopParameter(options.modelId);
  }

  protected abstract createClient(sdk: OpenAISdk): OpenAI;

  /** Settings every client gets: no SDK retries (ours apply), the timeout, the user's options. */
  protected baseClientOptions(): Partial<ClientOptions> {
    return { ...this.clientOptions, maxRetries: 0, ...(this.timeoutMs !== undefined ? { timeout: this.timeoutMs } : {}) };
  }

  private client(): Promise<{ sdk: OpenAISdk; client: OpenAI }> {
    this.clientPromise ??= import('openai').then((sdk) => {
      try {
        return { sdk, client: this.createClient(sdk) };
      } catch (error) {
        // Typically missing credentials: a configuration problem, not worth a retry.
        this.clientPromise = undefined;
        throw new ModelError(`Could not create the ${this.constructor.name} client: ${(error as Error).message}`, { cause: error });
      }
    });
    return this.clientPromise;
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    const { sdk, client } = await this.client();
    const stops = clientSideStops(options, this.supportsStop);
    const body = buildChatRequest(this.modelId, messages, stops.requestOptions, this.completionParams);
    const response = await withRetry(
      async () => {
        try {
          return await client.chat.completions.create(
            { ...body, stream: false } as unknown as OpenAI.ChatCompletionCreateParamsNonStreaming,
            { signal: options.signal },
          );
        } catch (error) {
          throw toModelError(sdk, error, options.signal);
        }
      },
      { ...this.retryOptions, maxRetries: this.maxRetries, signal: options.signal },
    );
    return stops.finish(fromWireCompletion(response as WireCompletion));
  }

  generateStream(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<ChatMessageStreamDelta> {
    const stops = clientSideStops(options, this.supportsStop);
    return stops.filter(this.streamDeltas(messages, stops.requestOptions));
  }

  private async *streamDeltas(messages: ChatMessage[], options: GenerateOptions): AsyncIterable<ChatMessageStreamDelta> {
    const { sdk, client } = await this.client();
    const body = {
      ...buildChatRequest(this.modelId, messages, options, this.completionParams),
      stream: true,
      stream_options: { include_usage: true },
    };
    const chunks = streamWithRetry(
      () => client.chat.completions.create(body as unknown as OpenAI.ChatCompletionCreateParamsStreaming, { signal: options.signal }),
      { ...this.retryOptions, maxRetries: this.maxRetries, signal: options.signal, toError: (error) => toModelError(sdk, error, options.signal) },
    );
    for await (const chunk of chunks) {
      const delta = fromWireChunk(chunk as WireChunk);
      if (delta) yield delta;
    }
  }
}

export class OpenAIServerModel extends OpenAIClientModel {
  private readonly connection: Pick<OpenAIServerModelOptions, 'apiBase' | 'apiKey' | 'organization' | 'project'>;

  constructor(options: OpenAIServerModelOptions) {
    super(options);
    this.connection = { apiBase: options.apiBase, apiKey: options.apiKey, organization: options.organization, project: options.project };
  }

  protected createClient(sdk: OpenAISdk): OpenAI {
    const { apiBase, apiKey, organization, project } = this.connection;
    return new sdk.OpenAI({
      ...this.baseClientOptions(),
      ...(apiBase !== undefined ? { baseURL: apiBase } : {}),
      // The SDK throws without a key; OpenAI-compatible local servers do not need one.
      apiKey: apiKey ?? process.env['OPENAI_API_KEY'] ?? (apiBase || process.env['OPENAI_BASE_URL'] ? 'not-needed' : undefined),
      ...(organization !== undefined ? { organization } : {}),
      ...(project !== undefined ? { project } : {}),
    });
  }
}

/**
 * Maps an `openai` SDK error to a `ModelError` carrying the status, the provider's own message and
 * whether a retry can help. An abort stays an abort: the caller cancelled, nothing to retry.
 */
export function toModelError(sdk: OpenAISdk, error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ModelError || error instanceof sdk.APIUserAbortError) return error;
  if (error instanceof sdk.APIConnectionError) {
    return new ModelError(`Could not reach the model server: ${error.message}`, { retryable: true, cause: error });
  }
  if (error instanceof sdk.APIError) {
    const status = error.status as number | undefined;
    const body = error.error as { message?: unknown } | undefined;
    const providerMessage = typeof body?.message === 'string' ? body.message : error.message;
    const headers = error.headers as Headers | undefined;
    return new ModelError(`Model request failed (${status ?? 'no status'}): ${providerMessage}`, {
      status,
      providerMessage,
      retryable: isRetryableStatus(status),
      retryAfterMs: retryAfterFromHeaders(headers),
      cause: error,
    });
  }
  return error;
}

/** Retry-After in seconds or as a date, or OpenAI's `retry-after-ms`, whichever the server sent. */
export function retryAfterFromHeaders(headers: Headers | undefined): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Number(ms);
  return parseRetryAfter(headers?.get('retry-after'));
}
