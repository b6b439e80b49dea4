/**
 * OpenAI's tokenizers (o200k_base, cl100k_base) through `gpt-tokenizer`, a pure-JS port of tiktoken.
 * Each encoding's tables are a few megabytes, so they load on first use, never at import.
 */
import type { TokenCounter } from './token-counter.js';

export type OpenAIEncoding = 'o200k_base' | 'cl100k_base';

/**
 * The encoding of an OpenAI model id, also behind a provider prefix ("openai/gpt-4o", "azure/...");
 * undefined for every other model. GPT-4o, 4.1, 4.5, 5, the o-series, gpt-oss and codex use
 * o200k_base; GPT-4 and 3.5 use cl100k_base.
 */
export function openAIEncodingFor(modelId: string): OpenAIEncoding | undefined {
  const name = modelId.toLowerCase().split('/').at(-1) ?? '';
  if (/^(gpt-4o|gpt-4\.[15]|gpt-5|o[134](-|$)|chatgpt-|gpt-oss|codex-)/.test(name)) return 'o200k_base';
  if (/^(gpt-4|gpt-3\.5)/.test(name)) return 'cl100k_base';
  return undefined;
}

const loading = new Map<OpenAIEncoding, Promise<TokenCounter>>();

export function loadOpenAITokenCounter(encoding: OpenAIEncoding): Promise<TokenCounter> {
  let counter = loading.get(encoding);
  if (!counter) {
    counter = importEncoding(encoding).then(({ countTokens }) => ({
      name: encoding,
      // Special-token text ("<|endoftext|>") in model output or observations is plain text to the
      // API; the tokenizer would throw on it by default.
      countText: (text: string) => countTokens(text, { disallowedSpecial: new Set() }),
    }));
    loading.set(encoding, counter);
  }
  return counter;
}

function importEncoding(encoding: OpenAIEncoding): Promise<typeof import('gpt-tokenizer/encoding/o200k_base')> {
  return encoding === 'o200k_base' ? import('gpt-tokenizer/encoding/o200k_base') : import('gpt-tokenizer/encoding/cl100k_base');
}
