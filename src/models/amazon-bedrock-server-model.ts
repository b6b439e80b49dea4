/**
 * Amazon Bedrock through the Converse / ConverseStream API (@aws-sdk/client-bedrock-runtime, loaded
 * on first use). Credentials and region come from the standard AWS chain (env, profile, SSO, IMDS)
 * unless given. The SDK's retries are off (`maxAttempts: 1`): `withRetry` does it for every adapter.
 */
import type { BedrockRuntimeClient, BedrockRuntimeClientConfig, ConverseRequest } from '@aws-sdk/client-bedrock-runtime';
import { ModelError } from '../errors.js';
import { assertInstalled, importOptional } from '../optional-dependency.js';
import { buildConverseRequest, fromConverseResponse, fromStreamEvent, supportsBedrockPromptCaching } from './bedrock-messages.js';
import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, Model, ModelReply } from './model.js';
import { isRetryableStatus, parseRetryAfter, withRetry } from './retry.js';
import type { ModelRetryOptions } from './openai-server-model.js';
import { clientSideStops } from './stop-sequences.js';
import { streamWithRetry } from './stream-retry.js';

type BedrockSdk = typeof import('@aws-sdk/client-bedrock-runtime');

/** AWS credentials as the SDK takes them (our own shape: the declarations do not need the SDK). */
export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string | undefined;
  expiration?: Date | undefined;
}

/** The part of a `BedrockRuntimeClient` the model uses: `send(command, { abortSignal })`. */
export interface BedrockClientLike {
  send(command: never, options?: never): Promise<unknown>;
}

/** Converse `inferenceConfig`: stop sequences come from each call. */
export interface BedrockInferenceConfig {
  maxTokens?: number | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  stopSequences?: string[] | undefined;
}

export interface AmazonBedrockServerModelOptions {
  /** A Bedrock model or inference-profile id, e.g. "us.anthropic.claude-3-5-sonnet-20241022-v2:0". */
  modelId: string;
  /** Defaults to AWS_REGION / the profile's region. */
  region?: string | undefined;
  /** A custom endpoint (VPC endpoint, proxy, local test server). */
  endpoint?: string | undefined;
  /** Static credentials or a provider; the default AWS credential chain otherwise. */
  credentials?: AwsCredentials | (() => Promise<AwsCredentials>) | undefined;
  /** Extra client settings (profile, requestHandler...). */
  clientConfig?: Record<string, unknown> | undefined;
  /** A ready client; region, endpoint, credentials and clientConfig are then ignored. */
  client?: BedrockClientLike | undefined;
  /** maxTokens, temperature, topP; stop sequences come from each call. */
  inferenceConfig?: BedrockInferenceConfig | undefined;
  /** Model-specific fields, e.g. `{ top_k: 40 }` or Claude's `thinking`. */
  additionalModelRequestFields?: Record<string, unknown> | undefined;
  /** Retries after the first attempt on throttling, 5xx and network errors (default 3). */
  maxRetries?: number | undefined;
  retry?: ModelRetryOptions | undefined;
  /**
   * `cachePoint` blocks after the system prompt and the newest turn, so that each step reads the
   * previous ones from Bedrock's prompt cache. Default: on for the models that support it (Claude
   * 3.5 Haiku, 3.7 and 4.x, Amazon Nova), off for others, which reject the blocks.
   */
  promptCaching?: boolean | undefined;
}

export class AmazonBedrockServerModel implements Model {
  readonly modelId: string;
  private readonly options: AmazonBedrockServerModelOptions;
  private loaded?: Promise<{ sdk: BedrockSdk; client: BedrockRuntimeClient }> | undefined;

  constructor(options: AmazonBedrockServerModelOptions) {
    this.modelId = options.modelId;
    this.options = options;
    // Even with a ready client, the command classes come from the SDK.
    assertInstalled('@aws-sdk/client-bedrock-runtime', 'AmazonBedrockServerModel');
  }

  private load(): Promise<{ sdk: BedrockSdk; client: BedrockRuntimeClient }> {
    this.loaded ??= importOptional<BedrockSdk>('@aws-sdk/client-bedrock-runtime', 'AmazonBedrockServerModel').then((sdk) => {
      const { client, region, endpoint, credentials, clientConfig } = this.options;
      try {
        return {
          sdk,
          client:
            (client as BedrockRuntimeClient | undefined) ??
            new sdk.BedrockRuntimeClient({
              ...clientConfig,
              ...(region !== undefined ? { region } : {}),
              ...(endpoint !== undefined ? { endpoint } : {}),
              ...(credentials !== undefined ? { credentials } : {}),
              maxAttempts: 1,
            } as BedrockRuntimeClientConfig),
        };
      } catch (error) {
        throw new ModelError(`Could not create the Bedrock client: ${(error as Error).message}`, { cause: error });
      }
    });
    // A configuration failure must not stick: the user may fix the environment and call again.
    this.loaded.catch(() => (this.loaded = undefined));
    return this.loaded;
  }

  private request(messages: ChatMessage[], options: GenerateOptions): ConverseRequest {
    const { inferenceConfig, additionalModelRequestFields } = this.options;
    const promptCaching = this.options.promptCaching ?? supportsBedrockPromptCaching(this.modelId);
    return buildConverseRequest(this.modelId, messages, options, { inferenceConfig, additionalModelRequestFields, promptCaching });
  }

  private retrySettings(signal: AbortSignal | undefined) {
    return { ...(this.options.retry ?? {}), maxRetries: this.options.maxRetries ?? 3, signal };
  }

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    const { sdk, client } = await this.load();
    const input = this.request(messages, options);
    const response = await withRetry(async () => {
      try {
        return await client.send(new sdk.ConverseCommand(input), options.signal ? { abortSignal: options.signal } : {});
      } catch (error) {
        throw toModelError(error, options.signal);
      }
    }, this.retrySettings(options.signal));
    // Bedrock drops the stop sequence itself; the cut is a guard for models that ignore it.
    return clientSideStops(options, false).finish(fromConverseResponse(response));
  }

  generateStream(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<ChatMessageStreamDelta> {
    return clientSideStops(options, false).filter(this.streamDeltas(messages, options));
  }

  private async *streamDeltas(messages: ChatMessage[], options: GenerateOptions): AsyncIterable<ChatMessageStreamDelta> {
    const { sdk, client } = await this.load();
    const input = this.request(messages, options);
    const open = async (): Promise<AsyncIterable<ChatMessageStreamDelta>> => {
      const response = await client.send(new sdk.ConverseStreamCommand(input), options.signal ? { abortSignal: options.signal } : {});
      if (!response.stream) throw new ModelError('Bedrock ConverseStream returned no stream.');
      return (async function* () {
        for await (const event of response.stream!) {
          const delta = fromStreamEvent(event);
          if (delta) yield delta;
        }
      })();
    };
    yield* streamWithRetry(open, { ...this.retrySettings(options.signal), toError: (error) => toModelError(error, options.signal) });
  }
}

interface AwsServiceError {
  name?: string | undefined;
  message?: string | undefined;
  $fault?: 'client' | 'server' | undefined;
  $retryable?: { throttling?: boolean } | undefined;
  $metadata?: { httpStatusCode?: number } | undefined;
  $response?: { headers?: Record<string, string> } | undefined;
}

const retryableNames = new Set([
  'ThrottlingException', 'ServiceUnavailableException', 'InternalServerException', 'ModelStreamErrorException',
  'ModelNotReadyException', 'TooManyRequestsException', 'ServiceQuotaExceededException',
]);

/** An AWS SDK error as a `ModelError`: throttling, 5xx and network failures are retryable. */
export function toModelError(error: unknown, signal?: AbortSignal): unknown {
  if (signal?.aborted) return signal.reason ?? error;
  if (error instanceof ModelError || !(error instanceof Error)) return error;
  const aws = error as Error & AwsServiceError;
  if (aws.name === 'AbortError') return error;
  const status = aws.$metadata?.httpStatusCode;
  if (status === undefined && !aws.$fault) {
    // No HTTP answer: a network failure (connection refused, reset, DNS, timeout) is worth a retry;
    // anything else here is configuration (missing region or credentials) and is not.
    const code = (error as { code?: unknown }).code;
    const network = (typeof code === 'string' && /^(E[A-Z]|ERR_HTTP2|ERR_SOCKET)/.test(code)) || /Timeout|Networking/.test(aws.name);
    return network
      ? new ModelError(`Could not reach Amazon Bedrock: ${aws.message}`, { retryable: true, cause: error })
      : new ModelError(`Amazon Bedrock request failed: ${aws.message}`, { providerMessage: aws.message, cause: error });
  }
  const retryable = retryableNames.has(aws.name ?? '') || aws.$retryable !== undefined || isRetryableStatus(status);
  return new ModelError(`Bedrock request failed (${aws.name}${status ? ` ${status}` : ''}): ${aws.message}`, {
    status,
    providerMessage: aws.message,
    retryable,
    retryAfterMs: parseRetryAfter(aws.$response?.headers?.['retry-after']),
    cause: error,
  });
}
