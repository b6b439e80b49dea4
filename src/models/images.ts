/**
 * Images in messages: what callers may pass, the one JSON-safe form memory keeps (base64 with its
 * media type, or an http(s) URL), and the shapes adapters need. Every check here throws a TypeError
 * that says what was wrong, so a bad image fails before any request is made.
 */
import type { ImagePart } from './model.js';

export type ImageMediaType = 'image/png' | 'image/jpeg' | 'image/gif' | 'image/webp';

export const IMAGE_MEDIA_TYPES: readonly ImageMediaType[] = ['image/png', 'image/jpeg', 'image/gif', 'image/webp'];

/** What `agent.run(task, { images })` accepts for one image. */
export type ImageInput = ImagePart | Uint8Array | ArrayBuffer | URL | string;

/** An image ready to send: its bytes (as base64) and media type, or a URL the provider fetches. */
export type ResolvedImage = { kind: 'data'; mediaType: ImageMediaType; base64: string } | { kind: 'url'; url: string; mediaType?: ImageMediaType | undefined };

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const DATA_URL = /^data:([^;,]+)(;[^,]*)?,(.*)$/s;

/**
 * An image in the form memory keeps: `{ type: 'image', image: <base64>, mediaType }` or
 * `{ type: 'image', image: 'https://…' }`. Accepts bytes, an ArrayBuffer, a `data:` or http(s) URL
 * (string or `URL`), or an ImagePart. A plain string that is no URL is taken as base64 only inside
 * an ImagePart, so that a file path passed by mistake is reported rather than sent.
 */
export function toImagePart(input: ImageInput): ImagePart {
  if (input instanceof Uint8Array || input instanceof ArrayBuffer) return dataPart(new Uint8Array(input));
  if (input instanceof URL) return toImagePart(input.href);
  if (typeof input === 'string') {
    if (/^data:/i.test(input) || /^https?:\/\//i.test(input)) return fromResolved(resolveImage({ type: 'image', image: input }));
    throw new TypeError(
      `An image must be bytes (e.g. await readFile(path)), a data: URL or an http(s) URL; got the string '${preview(input)}'.`,
    );
  }
  if (typeof input !== 'object' || input === null || (input as { type?: unknown }).type !== 'image') {
    throw new TypeError(`An image must be bytes, a URL or { type: 'image', image, mediaType? }; got ${describe(input)}.`);
  }
  return fromResolved(resolveImage(input));
}

function fromResolved(resolved: ResolvedImage): ImagePart {
  if (resolved.kind === 'url') return { type: 'image', image: resolved.url, ...(resolved.mediaType ? { mediaType: resolved.mediaType } : {}) };
  return { type: 'image', image: resolved.base64, mediaType: resolved.mediaType };
}

function dataPart(bytes: Uint8Array): ImagePart {
  const mediaType = sniffMediaType(bytes);
  if (!mediaType) throw new TypeError(`The image bytes are not PNG, JPEG, GIF or WebP (they start with ${hex(bytes.subarray(0, 8))}).`);
  return { type: 'image', image: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'), mediaType };
}

/** What an image part holds, checked: its data and media type, or the URL to fetch it from. */
export function resolveImage(part: ImagePart): ResolvedImage {
  const { image } = part;
  const declared = part.mediaType === undefined ? undefined : checkMediaType(part.mediaType);
  if (image instanceof Uint8Array) {
    const sniffed = dataPart(image);
    return { kind: 'data', mediaType: declared ?? (sniffed.mediaType as ImageMediaType), base64: sniffed.image as string };
  }
  if (image instanceof URL) return resolveImage({ ...part, image: image.href });
  if (typeof image !== 'string') throw new TypeError(`An image part's 'image' must be a string, a URL or bytes; got ${describe(image)}.`);
  if (/^https?:\/\//i.test(image)) {
    try {
      return { kind: 'url', url: new URL(image).href, ...(declared ? { mediaType: declared } : {}) };
    } catch {
      throw new TypeError(`The image URL '${preview(image)}' is not a valid URL.`);
    }
  }
  const dataUrl = DATA_URL.exec(image);
  if (dataUrl) {
    if (!/;base64$/i.test(dataUrl[2] ?? '')) throw new TypeError('An image data: URL must be base64-encoded (data:image/png;base64,…).');
    const mediaType = checkMediaType(dataUrl[1]!);
    return { kind: 'data', mediaType, base64: checkBase64(dataUrl[3]!) };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(image)) {
    throw new TypeError(`The image URL '${preview(image)}' has a scheme models do not fetch: use http(s), a data: URL or the bytes.`);
  }
  const base64 = checkBase64(image);
  const mediaType = declared ?? sniffMediaType(Buffer.from(base64.slice(0, 64), 'base64'));
  if (!mediaType) throw new TypeError('The base64 image is not PNG, JPEG, GIF or WebP, and no mediaType says what it is.');
  return { kind: 'data', mediaType, base64 };
}

/** The image as a `data:` URL, or its http(s) URL (what the OpenAI wire format's `image_url` takes). */
export function imageUrl(part: ImagePart): string {
  const resolved = resolveImage(part);
  return resolved.kind === 'url' ? resolved.url : `data:${resolved.mediaType};base64,${resolved.base64}`;
}

/** The decoded size of an image's data in bytes; undefined for an image given by URL. */
export function imageByteLength(part: ImagePart): number | undefined {
  const resolved = resolveImage(part);
  if (resolved.kind === 'url') return undefined;
  const padding = resolved.base64.endsWith('==') ? 2 : resolved.base64.endsWith('=') ? 1 : 0;
  return (resolved.base64.length / 4) * 3 - padding;
}

export function sniffMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x47, 0x49, 0x46, 0x38)) return 'image/gif';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50) return 'image/webp';
  return undefined;
}

function checkMediaType(mediaType: string): ImageMediaType {
  const normal = mediaType.trim().toLowerCase().replace('image/jpg', 'image/jpeg');
  if ((IMAGE_MEDIA_TYPES as readonly string[]).includes(normal)) return normal as ImageMediaType;
  throw new TypeError(`Image media type '${preview(mediaType)}' is not supported: use one of ${IMAGE_MEDIA_TYPES.join(', ')}.`);
}

function checkBase64(text: string): string {
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !BASE64.test(compact)) throw new TypeError('The image data is not valid base64.');
  return compact;
}

function preview(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? `an object with keys ${Object.keys(value as object).join(', ') || '(none)'}` : typeof value;
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join(' ') || '(nothing)';
}
