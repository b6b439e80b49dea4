/**
 * The pixel size of an image, read from its header (PNG, GIF, WebP) or its first frame marker (JPEG),
 * without decoding it: what image token estimates need.
 */
import type { ImagePart } from './model.js';
import { resolveImage } from './images.js';

export interface ImageSize {
  width: number;
  height: number;
}

const sizes = new WeakMap<ImagePart, ImageSize | null>();

/** The size of an image part, remembered per part (memory is counted again before every request); undefined when unreadable or given by URL. */
export function imageSize(part: ImagePart): ImageSize | undefined {
  if (sizes.has(part)) return sizes.get(part) ?? undefined;
  const resolved = resolveImage(part);
  const size = resolved.kind === 'data' ? readImageSize(Buffer.from(resolved.base64, 'base64')) : undefined;
  sizes.set(part, size ?? null);
  return size;
}

export function readImageSize(bytes: Uint8Array): ImageSize | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, length: number) => String.fromCharCode(...bytes.subarray(at, at + length));
  try {
    if (bytes[0] === 0x89 && ascii(12, 4) === 'IHDR') return { width: view.getUint32(16), height: view.getUint32(20) };
    if (ascii(0, 3) === 'GIF') return { width: view.getUint16(6, true), height: view.getUint16(8, true) };
    if (ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WEBP') return webpSize(view, ascii(12, 4));
    if (bytes[0] === 0xff && bytes[1] === 0xd8) return jpegSize(view);
  } catch {
    // A header cut short: the size is unknown, which callers handle.
  }
  return undefined;
}

function webpSize(view: DataView, chunk: string): ImageSize | undefined {
  if (chunk === 'VP8 ') return { width: view.getUint16(26, true) & 0x3fff, height: view.getUint16(28, true) & 0x3fff };
  if (chunk === 'VP8L') {
    const bits = view.getUint32(21, true);
    return { width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
  }
  if (chunk === 'VP8X') {
    const read24 = (at: number) => view.getUint8(at) | (view.getUint8(at + 1) << 8) | (view.getUint8(at + 2) << 16);
    return { width: read24(24) + 1, height: read24(27) + 1 };
  }
  return undefined;
}

/** Walks the JPEG segments to the first start-of-frame marker, which holds the size. */
function jpegSize(view: DataView): ImageSize | undefined {
  let at = 2;
  while (at + 9 < view.byteLength) {
    if (view.getUint8(at) !== 0xff) return undefined;
    const marker = view.getUint8(at + 1);
    // SOF0-SOF15 hold the frame size; C4 (Huffman tables), C8 (reserved) and CC (arithmetic coding) do not.
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { width: view.getUint16(at + 7), height: view.getUint16(at + 5) };
    }
    at += 2 + view.getUint16(at + 2);
  }
  return undefined;
}
