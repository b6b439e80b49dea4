import type { ImagePart } from '../models/model.js';
import { imageSize } from '../models/image-size.js';

/**
 * What an image costs in input tokens, for the memory budget. Providers count differently: OpenAI
 * (high detail) fits the image in 2048×2048, scales its short side to 768 and charges 170 per 512-px
 * tile plus 85; Anthropic fits the long side in 1568 and charges width × height / 750. The larger of
 * the two is taken so that a budget holds for both (a 1024×768 screenshot: 765 and 1,049 → 1,049).
 * An image whose size cannot be read (given by URL) counts as the most Anthropic charges.
 */
export const UNKNOWN_IMAGE_TOKENS = 1_600;

export function estimateImageTokens(part: ImagePart): number {
  const size = imageSize(part);
  if (!size || size.width < 1 || size.height < 1) return UNKNOWN_IMAGE_TOKENS;
  return Math.max(openAITokens(size.width, size.height), anthropicTokens(size.width, size.height));
}

function openAITokens(width: number, height: number): number {
  let scale = Math.min(1, 2048 / Math.max(width, height));
  scale *= Math.min(1, 768 / (Math.min(width, height) * scale));
  const tiles = Math.ceil((width * scale) / 512) * Math.ceil((height * scale) / 512);
  return 85 + 170 * tiles;
}

function anthropicTokens(width: number, height: number): number {
  const scale = Math.min(1, 1568 / Math.max(width, height));
  return Math.ceil((width * scale * height * scale) / 750);
}
