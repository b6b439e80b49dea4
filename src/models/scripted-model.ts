import { hasImages } from './message-content.js';
import type { ChatMessage, ChatMessageStreamDelta, GenerateOptions, Model, ModelReply } from './model.js';
import { applyStopSequences } from './stream.js';

/** One scripted reply: text, a full message (e.g. with tool calls), an error to throw, or a function of the request. */
export type ScriptedReply =
  | string
  | ChatMessage
  | Error
  | ((messages: ChatMessage[], options: GenerateOptions) => string | ChatMessage | Error);

export interface ScriptedModelCall {
  messages: ChatMessage[];
  options: GenerateOptions;
}

/**
 * A model that replies from a script, in order. For testing agents and tools without a provider:
 * it honours stop sequences like a real provider, streams its replies in small chunks, and
 * records every call so tests can assert what the agent sent.
 */
export class ScriptedModel implements Model {
  readonly modelId: string;
  readonly calls: ScriptedModelCall[] = [];
  private next = 0;

  constructor(
    private readonly replies: ScriptedReply[],
    options: { modelId?: string; tokensPerReply?: { inputTokens: number; outputTokens: number } } = {},
  ) {
    this.modelId = options.modelId ?? 'scripted-model';
    this.tokens = options.tokensPerReply ?? { inputTokens: 10, outputTokens: 5 };
  }

  private readonly tokens: { inputTokens: number; outputTokens: number };

  async generate(messages: ChatMessage[], options: GenerateOptions = {}): Promise<ModelReply> {
    options.signal?.throwIfAborted();
    this.calls.push({ messages: structuredClone(messages), options: { ...options, signal: undefined } });
    if (this.next >= this.replies.length) {
      throw new Error(`ScriptedModel ran out of replies after ${this.replies.length} calls.`);
    }
    const script = this.replies[this.next++]!;
    const reply = typeof script === 'function' ? script(messages, options) : script;
    if (reply instanceof Error) throw reply;
    if (typeof reply !== 'string' && (typeof reply.content !== 'string' || hasImages(reply.content))) {
      throw new TypeError('A scripted reply is text: model replies carry no image parts.');
    }
    const message: ModelReply = typeof reply === 'string' ? { role: 'assistant', content: reply } : { ...reply, content: reply.content as string };
    message.content = applyStopSequences(message.content, options.stopSequences);
    message.tokenUsage ??= { ...this.tokens };
    return message;
  }

  async *generateStream(messages: ChatMessage[], options: GenerateOptions = {}): AsyncIterable<ChatMessageStreamDelta> {
    const message = await this.generate(messages, options);
    for (let at = 0; at < message.content.length; at += 8) {
      yield { content: message.content.slice(at, at + 8) };
    }
    for (const [index, call] of (message.toolCalls ?? []).entries()) {
      yield { toolCalls: [{ index, id: call.id, name: call.name, argumentsDelta: JSON.stringify(call.arguments) }] };
    }
    yield { tokenUsage: message.tokenUsage };
  }
}
