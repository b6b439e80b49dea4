import { contentParts, contentText, hasImages } from '../models/message-content.js';
import type { ChatMessage, ContentPart, MessageContent } from '../models/model.js';

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
    joined[joined.length - 1] = { ...message, content: joinContents(previous.content, message.content) };
  }
  return joined;
}

/**
 * Two contents as one, text apart by a blank line. Text stays a string; with images, the part lists
 * are concatenated in order (each image where it was), the text meeting at the seam becoming one part.
 */
function joinContents(first: MessageContent, second: MessageContent): MessageContent {
  if (!hasImages(first) && !hasImages(second)) {
    return [contentText(first), contentText(second)].filter((text) => text !== '').join('\n\n');
  }
  const parts: ContentPart[] = [...contentParts(first)];
  const [head, ...rest] = contentParts(second);
  const last = parts.at(-1);
  if (head?.type === 'text' && last?.type === 'text') parts[parts.length - 1] = { type: 'text', text: `${last.text}\n\n${head.text}` };
  else if (head) parts.push(head);
  return [...parts, ...rest];
}
