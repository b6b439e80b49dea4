import type { ChatMessageStreamDelta, ModelReply, TokenUsage, ToolCall } from './model.js';

/**
 * Folds stream deltas into one assistant message, the same one `generate` would have returned.
 * Tool-call argument fragments are joined per index and parsed once complete.
 */
export class StreamAccumulator {
  private content = '';
  private readonly calls = new Map<number, { id?: string; name?: string; args: string }>();
  private usage?: TokenUsage | undefined;

  add(delta: ChatMessageStreamDelta): void {
    if (delta.content) this.content += delta.content;
    for (const call of delta.toolCalls ?? []) {
      const entry = this.calls.get(call.index) ?? { args: '' };
      if (call.id) entry.id = call.id;
      if (call.name) entry.name = (entry.name ?? '') + call.name;
      if (call.argumentsDelta) entry.args += call.argumentsDelta;
      this.calls.set(call.index, entry);
    }
    // Providers report usage once (usually in the last chunk); some report cumulative figures.
    if (delta.tokenUsage) this.usage = delta.tokenUsage;
  }

  get text(): string {
    return this.content;
  }

  toMessage(): ModelReply {
    const toolCalls: ToolCall[] = [...this.calls.entries()]
      .sort(([a], [b]) => a - b)
      .map(([index, call]) => ({
        id: call.id ?? `call_${index}`,
        name: call.name ?? '',
        arguments: parseToolArguments(call.args),
      }));
    return {
      role: 'assistant',
      content: this.content,
      ...(toolCalls.length > 0 ? { toolCalls } : {}),
      ...(this.usage ? { tokenUsage: this.usage } : {}),
    };
  }
}

/** Parses a tool call's JSON arguments; an unparsable string is kept as-is for the agent to report. */
export function parseToolArguments(raw: unknown): unknown {
  if (typeof raw !== 'string') return raw ?? {};
  if (raw.trim() === '') return {};
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** Cuts text at the first stop sequence, for providers that ignore or lack stop sequences. */
export function applyStopSequences(text: string, stopSequences: readonly string[] | undefined): string {
  if (!stopSequences?.length) return text;
  let cut = text.length;
  for (const stop of stopSequences) {
    const at = text.indexOf(stop);
    if (at !== -1 && at < cut) cut = at;
  }
  return text.slice(0, cut);
}
