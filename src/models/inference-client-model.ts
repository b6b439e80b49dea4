/**
 * Hugging Face Inference Providers (and dedicated Inference Endpoints / TGI servers) through
 * `@huggingface/inference`'s InferenceClient, which speaks the chat-completions format.
 * The client's own 503 retry loop is off: retries go through `withRetry`, as for every adapter.
 */
import type { InferenceClient } from '@huggingface/inference';
import { ModelError } from '../errors.js';
import { assertInstalled, importOptional } from '../optional-dependency.js';
import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, Model, ModelReply } from './model.js';
import { buildChatRequest, fromWireChunk, fromWireCompletion, type WireChunk, type WireCompletion } from './openai-messages.js';
import { extraCompletionParams, type ModelRetryOptions } from './openai-server-model.js';
import { isRetryableStatus, parseRetryAfter, withRetry } from './retry.js';
import { clientSideStops, supportsStopParameter } from './stop-sequences.js';
import { streamWithRetry } from './stream-retry.js';

type HfSdk = typeof import('@huggingface/inference');

export const DEFAULT_INFERENCE_CLIENT_MODEL_ID = 'Qwen/Qwen2.5-Coder-32B-Instruct';

/**
 * An inference provider name as `@huggingface/inference` knows them, or "auto". Our own type, so
 * that the published declarations do not need that optional package.
 */
export type InferenceProviderName =
  | 'auto'
  | 'hf-inference'
  | 'cerebras'
  | 'cohere'
  | 'fal-ai'
  | 'featherless-ai'
  | 'fireworks-ai'
  | 'groq'
  | 'hyperbolic'
  | 'nebius'
  | 'novita'
  | 'nscale'
  | 'openai'
  | 'replicate'
  | 'sambanova'
  | 'together'
  | (string & {});

export interface InferenceClientModelOptions {
  /** A Hub model id; default Qwen/Qwen2.5-Coder-32B-Instruct, as in smolagents. */
  modelId?: string | undefined;
  /** An inference provider ("together", "novita", "hf-inference"...) or "auto" (the default). */
  provider?: InferenceProviderName | undefined;
  /** A Hugging Face token (or a provider's own key); defaults to HF_TOKEN. */
  token?: string | undefined;
  /** A dedicated endpoint or any TGI/OpenAI-compatible server URL; replaces provider routing. */
  apiBase?: string | undefined;
  /** Alias of `apiBase`, the name `@huggingface/inference` uses. */
  endpointUrl?: string | undefined;
  /** Organization to bill (sent as X-HF-Bill-To). */
  billTo?: string | undefined;
  /** Retries after the first attempt on 429, 5xx and network errors (default 3). */
  maxRetries?: number | undefined;
  /** Whole-request timeout; a timeout counts as a retryable network error. */
  timeoutMs?: number | undefined;
  retry?: ModelRetryOptions | undefined;
  /** Extra completion parameters sent on every request (temperature, max_tokens...). */
  completionParams?: Record<string, unknown> | undefined;
  /** Whether the server accepts `stop`; when not, stop sequences are applied here (default: by model id). */
  supportsStopParameter?: boolean | undefined;
  /** Any other key is an extra completion parameter, as in smolagents. */
  [completionParam: string]: unknown;
}

const OWN_KEYS = ['provider', 'token', 'endpointUrl', 'billTo'];

export class InferenceClientModel implements Model {
  readonly modelId: string;
  readonly provider?: InferenceProviderName | undefined;
  private readonly token?: string | undefined;
  private readonly endpointUrl?: string | undefined;
  private readonly billTo?: string | undefined;
  private readonly maxRetries: number;
  private readonly timeoutMs?: number | undefined;
  private readonly retryOptions: ModelRetryOptions;
  private readonly completionParams: Record<string, unknown>;
  private readonly supportsStop: boolean;
  private sdkPromise?: Promise<{ sdk: HfSdk; client: InferenceClient }> | undefined;

  constructor(options: InferenceClientModelOptions = {}) {
    assertInstalled('@huggingface/inference', 'InferenceClientModel');
    this.modelId = options.modelId ?? DEFAULT_INFERENCE_CLIENT_MODEL_ID;
    this.provider = options.provider;
    this.token = options.token;
    this.endpointUrl = options.apiBase ?? options.endpointUrl;
    this.billTo = options.billTo;
    this.maxRetries = options.maxRetries ?? 3;
    this.timeoutMs = options.timeoutMs;
    this.retryOptions = options.retry ?? {};
    const extra = extraCompletionParams(options);
    for (const key of OWN_KEYS) delete extra[key];
    this.completionParams = extra;
    this.supportsStop = options.supportsStopParameter ?? supportsStopParameter(this.modelId);
  }

  private client(): Promise<{ sdk: HfSdk; client: InferenceClient }> {
    this.sdkPromise ??= importOptional<HfSdk>('@huggingface/inference', 'InferenceClientModel').then((sdk) => ({
      sdk,
      client: new sdk.InferenceClient(this.token ?? process.env['HF_TOKEN'], {
        ...(this.endpointUrl ? { endpointUrl: this.endpointUrl } : {}),
        ...(this.billTo ? { billTo: this.billTo } : {}),
      }),
    }));
    return this.sdkPromise;
  }

  /** The client's arguments: the chat request plus routing (provider or endpoint). */
  private args(messages: ChatMessage[], options: GenerateOptions): Record<string, unknown> {
    const body = buildChatRequest(this.modelId, messages, options, this.completionParams);
    // The client refuses a provider beside an endpoint URL: the endpoint is the routing.
    if (!this.endpointUrl && this.provider) body['provider'] = this.provider;
    return body;
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    const { sdk, client } = await this.client();
    const stops = clientSideStops(options, this.supportsStop);
    const args = this.args(messages, stops.requestOptions);
    const response = await withRetry(
      () =>
        this.attempt(sdk, options.signal, (requestOptions) =>
          client.chatCompletion(args as unknown as Parameters<InferenceClient['chatCompletion']>[0], requestOptions),
        ),
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
    const args = { ...this.args(messages, options), stream_options: { include_usage: true } };
    let context: AttemptContext | undefined;
    const chunks = streamWithRetry(
      async () => {
        context = new AttemptContext(options.signal, this.timeoutMs);
        return client.chatCompletionStream(args as unknown as Parameters<InferenceClient['chatCompletionStream']>[0], context.requestOptions());
      },
      { ...this.retryOptions, maxRetries: this.maxRetries, signal: options.signal, toError: (error) => toHfModelError(sdk, error, context, options.signal) },
    );
    for await (const chunk of chunks) {
      const delta = fromWireChunk(chunk as WireChunk);
      if (delta) yield delta;
    }
  }

  private async attempt<T>(sdk: HfSdk, signal: AbortSignal | undefined, call: (requestOptions: HfRequestOptions) => Promise<T>): Promise<T> {
    const context = new AttemptContext(signal, this.timeoutMs);
    try {
      return await call(context.requestOptions());
    } catch (error) {
      throw toHfModelError(sdk, error, context, signal);
    }
  }
}

interface HfRequestOptions {
  signal?: AbortSignal;
  fetch: typeof fetch;
  retry_on_error: false;
}

/**
 * One HTTP attempt. The client hides response headers in its errors, so a fetch wrapper keeps the
 * Retry-After hint, and turns network failures into retryable errors before the client sees them.
 */
class AttemptContext {
  retryAfterMs?: number | undefined;
  readonly timeoutSignal?: AbortSignal | undefined;
  readonly signal?: AbortSignal | undefined;

  constructor(userSignal: AbortSignal | undefined, timeoutMs: number | undefined) {
    this.timeoutSignal = timeoutMs !== undefined ? AbortSignal.timeout(timeoutMs) : undefined;
    const signals = [userSignal, this.timeoutSignal].filter((s): s is AbortSignal => s !== undefined);
    this.signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
  }

  requestOptions(): HfRequestOptions {
    const fetchWithHints: typeof fetch = async (input, init) => {
      let response: Response;
      try {
        response = await fetch(input, init);
      } catch (error) {
        if (this.signal?.aborted) throw error;
        throw new ModelError(`Could not reach the model server: ${(error as Error).message}`, { retryable: true, cause: error });
      }
      if (!response.ok) {
        const ms = response.headers.get('retry-after-ms');
        this.retryAfterMs = ms && Number.isFinite(Number(ms)) ? Number(ms) : parseRetryAfter(response.headers.get('retry-after'));
      }
      return response;
    };
    return { ...(this.signal ? { signal: this.signal } : {}), fetch: fetchWithHints, retry_on_error: false };
  }
}

/** Maps `@huggingface/inference` errors to `ModelError`; an abort by the caller stays an abort. */
function toHfModelError(sdk: HfSdk, error: unknown, context: AttemptContext | undefined, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ModelError) return error;
  if (context?.timeoutSignal?.aborted) {
    return new ModelError('The model request timed out.', { retryable: true, cause: error });
  }
  if (error instanceof sdk.InferenceClientProviderApiError || error instanceof sdk.InferenceClientHubApiError) {
    const status = error.httpResponse.status;
    const providerMessage = providerMessageOf(error.httpResponse.body) ?? error.message;
    return new ModelError(`Model request failed (${status}): ${providerMessage}`, {
      status,
      providerMessage,
      retryable: isRetryableStatus(status),
      retryAfterMs: context?.retryAfterMs,
      cause: error,
    });
  }
  if (error instanceof sdk.InferenceClientError) {
    // Bad input, no route for the model, or an output the client could not read: retrying will not help.
    return new ModelError(error.message, { providerMessage: error.message, cause: error });
  }
  return error;
}

/** Providers put their message in different places: `{error:{message}}`, `{error}`, `{detail}`, `{message}`. */
function providerMessageOf(body: unknown): string | undefined {
  if (typeof body === 'string') return body || undefined;
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const error = record['error'];
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null && typeof (error as Record<string, unknown>)['message'] === 'string') {
    return (error as Record<string, string>)['message'];
  }
  for (const key of ['detail', 'message']) if (typeof record[key] === 'string') return record[key] as string;
  return undefined;
}
