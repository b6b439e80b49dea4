/**
 * Tool calls written as text by models without native tool calling (local models, some templates):
 * `<tool_call>{"name": ..., "arguments": {...}}</tool_call>` (Qwen, Hermes) or a bare JSON object
 * with "name" and "arguments" (or "parameters", as Llama 3 writes it).
 */
import type { ToolCall } from './model.js';

export function parseToolCallsFromText(text: string): ToolCall[] {
  const tagged = [...text.matchAll(/<tool_call>([\s\S]*?)(?:<\/tool_call>|$)/g)].map((match) => match[1] ?? '');
  const candidates = tagged.length > 0 ? tagged : firstJsonObject(text);
  const calls: ToolCall[] = [];
  for (const candidate of candidates) {
    const parsed = tryParse(candidate.trim());
    if (!parsed || typeof parsed.name !== 'string') continue;
    const args = parsed.arguments ?? parsed.parameters ?? {};
    calls.push({ id: `call_${calls.length}`, name: parsed.name, arguments: typeof args === 'string' ? (tryParse(args) ?? args) : args });
  }
  return calls;
}

/** The first balanced `{...}` in the text, if any (strings and escapes respected). */
function firstJsonObject(text: string): string[] {
  const start = text.indexOf('{');
  if (start === -1) return [];
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return [text.slice(start, i + 1)];
  }
  return [];
}

function tryParse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
