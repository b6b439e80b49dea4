/**
 * Images in requests to the wire servers, read the way each provider reads them: OpenAI `image_url`
 * parts (a base64 data: URL or an http(s) URL, user messages only), Anthropic `image` blocks (base64
 * or URL sources) and Bedrock `image` blocks (base64 bytes in the JSON body). A malformed image is a
 * `WireImageError` the server answers with a 400, as the providers do; a well-formed one is decoded
 * and recorded, so tests assert on the bytes that really arrived. The servers also size images
 * for their token estimates with `imageTokenCost`, instead of counting base64 as text.
 */
import { createHash } from 'node:crypto';

export interface RecordedImage {
  /** The media type the request declared. */
  mediaType: string;
  /** The decoded bytes; empty for an image given by URL. */
  bytes: Buffer;
  /** For an image given by URL. */
  url?: string;
  /** Where it was: the message's role, or "tool_result". */
  role: string;
}

export class WireImageError extends Error {}

const MEDIA_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];
/** What the servers charge per image in their usage estimates (OpenAI's 4 tiles at high detail). */
export const IMAGE_TOKEN_COST = 765;

type Json = Record<string, unknown>;

export function openAIImages(body: Json): RecordedImage[] {
  const images: RecordedImage[] = [];
  for (const [index, message] of asArray(body['messages']).entries()) {
    const { role, content } = message as { role?: string; content?: unknown };
    if (!Array.isArray(content)) continue;
    for (const part of content as Json[]) {
      if (part['type'] !== 'image_url') continue;
      if (role !== 'user') throw new WireImageError(`Invalid 'messages[${index}]': image_url content parts are only allowed in messages with role 'user', not '${role}'.`);
      const url = (part['image_url'] as Json | undefined)?.['url'];
      if (typeof url !== 'string') throw new WireImageError(`Invalid 'messages[${index}]': image_url.url must be a string.`);
      if (/^https?:\/\//.test(url)) {
        images.push({ mediaType: '', bytes: Buffer.alloc(0), url, role });
        continue;
      }
      const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
      if (!match) throw new WireImageError(`Invalid 'messages[${index}]': image_url.url must be an http(s) URL or a base64 data URL.`);
      images.push({ ...decode(match[1]!, match[2]!), role });
    }
  }
  return images;
}

export function anthropicImages(body: Json): RecordedImage[] {
  const images: RecordedImage[] = [];
  for (const message of asArray(body['messages'])) {
    const { role, content } = message as { role?: string; content?: unknown };
    if (!Array.isArray(content)) continue;
    for (const block of content as Json[]) {
      const blocks = block['type'] === 'tool_result' && Array.isArray(block['content']) ? (block['content'] as Json[]) : [block];
      for (const inner of blocks) {
        if (inner['type'] !== 'image') continue;
        if (role !== 'user') throw new WireImageError(`messages: image blocks are only allowed in user turns, not '${role}'.`);
        const source = (inner['source'] ?? {}) as Json;
        const where = block === inner ? 'user' : 'tool_result';
        if (source['type'] === 'url' && typeof source['url'] === 'string') images.push({ mediaType: '', bytes: Buffer.alloc(0), url: source['url'], role: where });
        else if (source['type'] === 'base64') images.push({ ...decode(String(source['media_type']), String(source['data'])), role: where });
        else throw new WireImageError(`messages: an image source must be of type base64 or url, got '${String(source['type'])}'.`);
      }
    }
  }
  return images;
}

export function bedrockImages(body: Json): RecordedImage[] {
  const images: RecordedImage[] = [];
  for (const message of asArray(body['messages'])) {
    const { role, content } = message as { role?: string; content?: Json[] };
    for (const block of content ?? []) {
      const result = block['toolResult'] as { content?: Json[] } | undefined;
      const blocks = result ? (result.content ?? []) : [block];
      for (const inner of blocks) {
        const image = inner['image'] as { format?: unknown; source?: { bytes?: unknown } } | undefined;
        if (!image) continue;
        if (role !== 'user') throw new WireImageError(`The model returned the following errors: images are only allowed in user turns.`);
        if (typeof image.source?.bytes !== 'string') throw new WireImageError('The model returned the following errors: an image source must carry bytes.');
        images.push({ ...decode(`image/${String(image.format)}`, image.source.bytes), role: result ? 'tool_result' : 'user' });
      }
    }
  }
  return images;
}

/** Base64 of one of the four formats, whose bytes are what the media type says (Anthropic checks this too). */
function decode(mediaType: string, base64: string): { mediaType: string; bytes: Buffer } {
  if (!MEDIA_TYPES.includes(mediaType)) throw new WireImageError(`Unsupported image media type '${mediaType}': use one of ${MEDIA_TYPES.join(', ')}.`);
  if (base64.length === 0 || base64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new WireImageError('The image data is not valid base64.');
  const bytes = Buffer.from(base64, 'base64');
  const actual = sniff(bytes);
  if (actual !== mediaType) throw new WireImageError(`The image does not match the provided media type ${mediaType}${actual ? ` (it is ${actual})` : ''}.`);
  return { mediaType, bytes };
}

function sniff(bytes: Buffer): string | undefined {
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  if (bytes.subarray(0, 4).toString('latin1') === 'RIFF' && bytes.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp';
  return undefined;
}

/**
 * A block of a request as the simulated prompt cache sizes it: long base64 strings (image data) are
 * replaced by their hash, so an image costs `IMAGE_TOKEN_COST` tokens, not its length in characters,
 * and the same image still hashes the same.
 */
export function imageTokenCost(block: unknown): { block: unknown; imageTokens: number } {
  let imageTokens = 0;
  const text = JSON.stringify(block, (_key, value: unknown) => {
    if (typeof value === 'string' && value.length > 512 && /^(data:image\/[a-z]+;base64,)?[A-Za-z0-9+/]+=*$/.test(value)) {
      imageTokens += IMAGE_TOKEN_COST;
      return `image:${createHash('sha256').update(value).digest('hex')}`;
    }
    return value;
  });
  return { block: text === undefined ? block : JSON.parse(text), imageTokens };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
