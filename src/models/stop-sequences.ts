import type { ChatMessageStreamDelta, GenerateOptions, ModelReply } from './model.js';
import { applyStopSequences } from './stream.js';

/**
 * Whether a model accepts the `stop` request parameter. OpenAI's reasoning models (o3, o4, the
 * gpt-5 series) and xAI's grok models answer 400 to it; the same list as smolagents keeps.
 * For those, stop sequences are applied on our side instead (see `clientSideStops`).
 */
export function supportsStopParameter(modelId: string): boolean {
  const name = modelId.split('/').at(-1) ?? modelId;
  if (name === 'o3-mini') return true;
  return !/^(?:o3(?:$|[-.].*)|o4(?:$|[-.].*)|gpt-5.*|(?:[A-Za-z][A-Za-z0-9_-]*\.)?grok-[A-Za-z0-9][A-Za-z0-9_.-]*)$/.test(name);
}

export interface StopHandling {
  /** The options to send: without stop sequences when the server will not take them. */
  requestOptions: GenerateOptions;
  /** Cuts a complete message at the first stop sequence (no-op when the server cut it). */
  finish(message: ModelReply): ModelReply;
  /** Cuts a stream of deltas at the first stop sequence, even when one spans several deltas. */
  filter(deltas: AsyncIterable<ChatMessageStreamDelta>): AsyncIterable<ChatMessageStreamDelta>;
}

/** Decides where stop sequences apply: on the server when it accepts `stop`, else here. */
export function clientSideStops(options: GenerateOptions, serverSupportsStop: boolean): StopHandling {
  const stops = (options.stopSequences ?? []).filter((stop) => stop !== '');
  if (serverSupportsStop || stops.length === 0) {
    return { requestOptions: options, finish: (message) => message, filter: (deltas) => deltas };
  }
  const { stopSequences: _omitted, ...requestOptions } = options;
  return {
    requestOptions,
    finish: (message) => ({ ...message, content: applyStopSequences(message.content, stops) }),
    filter: (deltas) => cutStream(deltas, stops),
  };
}

async function* cutStream(deltas: AsyncIterable<ChatMessageStreamDelta>, stops: string[]): AsyncIterable<ChatMessageStreamDelta> {
  const cutter = new StopSequenceCutter(stops);
  for await (const delta of deltas) {
    // Keep reading after a stop: usage arrives in the last chunk.
    const content = delta.content !== undefined ? cutter.push(delta.content) : undefined;
    const out: ChatMessageStreamDelta = { ...delta };
    if (content) out.content = content;
    else delete out.content;
    if (out.content !== undefined || out.toolCalls || out.tokenUsage) yield out;
  }
  const rest = cutter.flush();
  if (rest) yield { content: rest };
}

/**
 * Streams text through, holding back only a tail that could still be the start of a stop sequence,
 * so nothing past a stop is ever emitted.
 */
export class StopSequenceCutter {
  private held = '';
  private stopped = false;

  constructor(private readonly stops: readonly string[]) {}

  push(text: string): string {
    if (this.stopped) return '';
    const buffer = this.held + text;
    const cut = applyStopSequences(buffer, this.stops);
    if (cut.length < buffer.length) {
      this.stopped = true;
      this.held = '';
      return cut;
    }
    const keep = this.partialStopLength(buffer);
    this.held = buffer.slice(buffer.length - keep);
    return buffer.slice(0, buffer.length - keep);
  }

  flush(): string {
    const rest = this.held;
    this.held = '';
    return this.stopped ? '' : rest;
  }

  /** Length of the longest suffix of `text` that is a proper prefix of some stop sequence. */
  private partialStopLength(text: string): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let length = Math.min(stop.length - 1, text.length); length > longest; length--) {
        if (text.endsWith(stop.slice(0, length))) {
          longest = length;
          break;
        }
      }
    }
    return longest;
  }
}
