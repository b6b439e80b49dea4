import { contentImages, contentText } from '../models/message-content.js';
import type { ChatMessage, ToolDefinition } from '../models/model.js';
import { estimateImageTokens } from './image-tokens.js';
import { estimateTokenCounter } from './token-estimate.js';

/** Counts the tokens of a text the way one model family does. */
export interface TokenCounter {
  /** Which tokenizer counts: "o200k_base", "cl100k_base", "estimate", or a name of your own. */
  readonly name: string;
  countText(text: string): number;
}

/**
 * What a chat request adds around the text: OpenAI documents 3 tokens per message (role and
 * separators) and 3 to prime the reply; a tool call adds its name, its JSON arguments and a few
 * tokens of framing. Other providers' framings differ by a few tokens per message.
 */
const PER_MESSAGE = 3;
const PER_REPLY = 3;
const PER_TOOL_CALL = 6;

/** The tokens of a whole request: messages, tool calls and, when sent, tool definitions. */
export function countRequestTokens(counter: TokenCounter, messages: readonly ChatMessage[], tools?: readonly ToolDefinition[]): number {
  let total = PER_REPLY;
  for (const message of messages) total += countMessageTokens(counter, message);
  if (tools?.length) total += counter.countText(JSON.stringify(tools));
  return total;
}

/** A message's text with the counter; its images with `estimateImageTokens` (tokenizers count text only). */
export function countMessageTokens(counter: TokenCounter, message: ChatMessage): number {
  let total = PER_MESSAGE + counter.countText(contentText(message.content));
  for (const image of contentImages(message.content)) total += estimateImageTokens(image);
  for (const call of message.toolCalls ?? []) {
    const args = typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {});
    total += PER_TOOL_CALL + counter.countText(call.name) + counter.countText(args);
  }
  return total;
}

const MEMO_SIZE = 2_048;

/**
 * Remembers the counts of recent texts: memory is counted again before every request, and most of it
 * is the same text as last time. A Map keeps insertion order, so the oldest entry goes first.
 */
export function memoizeTokenCounter(counter: TokenCounter): TokenCounter {
  const memo = new Map<string, number>();
  return {
    name: counter.name,
    countText(text: string): number {
      if (text.length < 64) return counter.countText(text);
      const known = memo.get(text);
      if (known !== undefined) return known;
      const count = counter.countText(text);
      if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value!);
      memo.set(text, count);
      return count;
    },
  };
}

/**
 * The counter for a model: OpenAI's own tokenizer (loaded on first use) for OpenAI-family model ids,
 * the calibrated estimate for every other model.
 */
export async function tokenCounterFor(modelId: string): Promise<TokenCounter> {
  const { openAIEncodingFor, loadOpenAITokenCounter } = await import('./openai-tokenizer.js');
  const encoding = openAIEncodingFor(modelId);
  return memoizeTokenCounter(encoding ? await loadOpenAITokenCounter(encoding) : estimateTokenCounter);
}
