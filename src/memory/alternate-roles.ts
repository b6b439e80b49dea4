import type { ChatMessage } from '../models/model.js';

/**
 * Joins each run of messages of one role into a single message: some chat templates and providers
 * refuse a request in which a role follows itself, and framing placed around memory (the request
 * for a plan update, the answer from memory, a summary beside a task) would otherwise make such
 * runs. Tool messages stay apart, since each answers its own call.
 */
export function alternateRoles(messages: readonly ChatMessage[]): ChatMessage[] {
  const joined: ChatMessage[] = [];
  for (const message of messages) {
    const previous = joined.at(-1);
    if (!previous || previous.role !== message.role || message.role === 'tool' || previous.toolCalls?.length) {
      joined.push(message);
      continue;
    }
    const content = [previous.content, message.content].filter((text) => text !== '').join('\n\n');
    joined[joined.length - 1] = { ...message, content };
  }
  return joined;
}
