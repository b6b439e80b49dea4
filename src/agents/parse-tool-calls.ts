import type { ToolCall } from '../models/model.js';

/**
 * Finds tool calls written as JSON in a reply's text, for models or servers without native tool
 * calling: `{"name": "web_search", "arguments": {...}}` (also "tool"/"action" and
 * "parameters"/"action_input"), alone, in a list, or inside a fenced block.
 */
export function parseTextToolCalls(text: string): ToolCall[] {
  const calls: ToolCall[] = [];
  for (const candidate of jsonCandidates(text)) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(candidate);
    } catch {
      continue;
    }
    for (const item of Array.isArray(parsed) ? parsed : [parsed]) {
      const call = asToolCall(item, calls.length);
      if (call) calls.push(call);
    }
    if (calls.length > 0) break;
  }
  return calls;
}

function asToolCall(value: unknown, index: number): ToolCall | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const record = value as Record<string, unknown>;
  const name = record.name ?? record.tool ?? record.action;
  if (typeof name !== 'string' || name.length === 0) return undefined;
  let args = record.arguments ?? record.parameters ?? record.action_input ?? {};
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      // Keep the string: the agent reports it as unparsable arguments.
    }
  }
  return { id: `text_call_${index}`, name, arguments: args };
}

/** The outermost balanced {...} or [...] spans of the text, in order. */
function jsonCandidates(text: string): string[] {
  const candidates: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (inString) {
      if (escaped) escaped = false;
      else if (char === '\\') escaped = true;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"' && depth > 0) inString = true;
    else if (char === '{' || char === '[') {
      if (depth === 0) start = index;
      depth++;
    } else if ((char === '}' || char === ']') && depth > 0) {
      depth--;
      if (depth === 0) candidates.push(text.slice(start, index + 1));
    }
  }
  return candidates;
}
