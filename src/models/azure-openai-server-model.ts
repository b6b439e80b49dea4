/**
 * Azure OpenAI deployments through the `openai` SDK's AzureOpenAI client: same engine as
 * OpenAIServerModel, only the URL scheme (`/openai/deployments/{deployment}/...?api-version=`) and
 * authentication (`api-key` header, or an Entra ID token provider) differ.
 */
import type { OpenAI } from 'openai';
import { OpenAIClientModel, type OpenAIClientModelOptions } from './openai-server-model.js';

export interface AzureOpenAIServerModelOptions extends OpenAIClientModelOptions {
  /** The deployment name (Azure routes by deployment, not by model name). */
  modelId: string;
  /** e.g. `https://my-resource.openai.azure.com`; defaults to AZURE_OPENAI_ENDPOINT. */
  azureEndpoint?: string | undefined;
  /** Defaults to AZURE_OPENAI_API_KEY. Mutually exclusive with `azureAdTokenProvider`. */
  apiKey?: string | undefined;
  /** Defaults to OPENAI_API_VERSION. */
  apiVersion?: string | undefined;
  /** Returns a Microsoft Entra ID bearer token; used instead of an API key. */
  azureAdTokenProvider?: (() => Promise<string>) | undefined;
  /** Any other key is an extra completion parameter. */
  [completionParam: string]: unknown;
}

export class AzureOpenAIServerModel extends OpenAIClientModel {
  private readonly azure: Pick<AzureOpenAIServerModelOptions, 'azureEndpoint' | 'apiKey' | 'apiVersion' | 'azureAdTokenProvider'>;

  constructor(options: AzureOpenAIServerModelOptions) {
    super(options);
    this.azure = {
      azureEndpoint: options.azureEndpoint,
      apiKey: options.apiKey,
      apiVersion: options.apiVersion,
      azureAdTokenProvider: options.azureAdTokenProvider,
    };
  }

  protected createClient(sdk: typeof import('openai')): OpenAI {
    const env = process.env;
    const endpoint = this.azure.azureEndpoint ?? env['AZURE_OPENAI_ENDPOINT'];
    if (!endpoint) throw new Error('No Azure endpoint: pass `azureEndpoint` or set AZURE_OPENAI_ENDPOINT.');
    const tokenProvider = this.azure.azureAdTokenProvider;
    const { provider: _ignored, ...clientOptions } = this.baseClientOptions();
    return new sdk.AzureOpenAI({
      ...clientOptions,
      // An explicit baseURL keeps a stray OPENAI_BASE_URL (meant for another server) out of the way.
      baseURL: `${endpoint.replace(/\/+$/, '')}/openai`,
      apiVersion: this.azure.apiVersion ?? env['OPENAI_API_VERSION'],
      ...(tokenProvider ? { azureADTokenProvider: tokenProvider, apiKey: undefined } : { apiKey: this.azure.apiKey ?? env['AZURE_OPENAI_API_KEY'] }),
    });
  }
}
