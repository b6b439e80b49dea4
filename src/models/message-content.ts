/**
 * Reading and building message content, which is a string or a list of text and image parts.
 * Adapters and memory go through these so that no caller has to care which of the two it holds.
 */
import type { ChatMessage, ContentPart, ImagePart, MessageContent } from './model.js';

/** The text of a message's content: its text parts, one per line. */
export function contentText(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.flatMap((part) => (part.type === 'text' ? [part.text] : [])).join('\n');
}

export function contentImages(content: MessageContent): ImagePart[] {
  if (typeof content === 'string') return [];
  return content.filter((part): part is ImagePart => part.type === 'image');
}

export function hasImages(content: MessageContent): boolean {
  return typeof content !== 'string' && content.some((part) => part.type === 'image');
}

/** Text followed by images; plain text when there are none, so image-free messages stay strings. */
export function withImages(text: string, images: readonly ImagePart[] | undefined): MessageContent {
  if (!images?.length) return text;
  const parts: ContentPart[] = text === '' ? [] : [{ type: 'text', text }];
  return [...parts, ...images];
}

/** The parts of a content, text becoming one text part. */
export function contentParts(content: MessageContent): ContentPart[] {
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content;
}

/**
 * Fails for images where no provider takes them: system prompts and assistant turns (model replies
 * are text). Adapters call it so that such a message is an error, never an image silently dropped.
 */
export function assertImagesOnlyFromUserOrTool(message: ChatMessage, adapter: string): void {
  if ((message.role === 'system' || message.role === 'assistant') && hasImages(message.content)) {
    throw new TypeError(`${adapter}: ${message.role} messages cannot carry images; put them in a user message or a tool result.`);
  }
}
