/**
 * A provider's prompt cache, simulated for the wire servers so that cached-token fields come from
 * what a client really sent, not from a script. A request is a list of blocks (tool definitions,
 * system text, message content, in the provider's order); a block's size is its JSON length / 4,
 * the servers' usual token estimate, and a fixed cost per image (see `imageTokenCost`).
 *
 * - `automatic` (OpenAI): a prefix of whole blocks seen in an earlier request is read from the cache,
 *   counted in steps of 128 tokens once it reaches 1,024, as OpenAI documents.
 * - `explicit` (Anthropic cache_control, Bedrock cachePoint): only prefixes that end at a breakpoint
 *   are written; a later request reads the longest written prefix ending at one of its breakpoints or
 *   up to 20 blocks before one (Anthropic's look-back), and writes the rest up to its last breakpoint.
 */
import { createHash } from 'node:crypto';
import { imageTokenCost } from './wire-images.js';

export interface CacheUsage {
  /** Input tokens in all. */
  total: number;
  read: number;
  write: number;
}

const LOOK_BACK_BLOCKS = 20;

export class SimulatedPromptCache {
  private readonly written = new Set<string>();

  automatic(blocks: readonly unknown[]): CacheUsage {
    const { hashes, sizes } = prefixes(blocks);
    let hit = 0;
    for (let end = hashes.length; end > 0; end--) {
      if (this.written.has(hashes[end - 1]!)) {
        hit = sizes[end - 1]!;
        break;
      }
    }
    for (const hash of hashes) this.written.add(hash);
    const total = sizes.at(-1) ?? 0;
    return { total, read: hit >= 1024 ? hit - (hit % 128) : 0, write: 0 };
  }

  /** `breakpoints`: indexes of the blocks that carry a breakpoint (the prefix ends with that block). */
  explicit(blocks: readonly unknown[], breakpoints: readonly number[]): CacheUsage {
    const { hashes, sizes } = prefixes(blocks);
    const total = sizes.at(-1) ?? 0;
    let readEnd = -1;
    for (const breakpoint of breakpoints) {
      for (let end = breakpoint; end >= Math.max(0, breakpoint - LOOK_BACK_BLOCKS); end--) {
        if (end > readEnd && this.written.has(hashes[end]!)) readEnd = end;
      }
    }
    const read = readEnd >= 0 ? sizes[readEnd]! : 0;
    const lastBreakpoint = Math.max(-1, ...breakpoints);
    const write = lastBreakpoint > readEnd ? sizes[lastBreakpoint]! - read : 0;
    for (const breakpoint of breakpoints) this.written.add(hashes[breakpoint]!);
    return { total, read, write };
  }
}

/** The hash and token size of every prefix: entry i covers blocks 0..i. */
function prefixes(blocks: readonly unknown[]): { hashes: string[]; sizes: number[] } {
  const hash = createHash('sha256');
  const hashes: string[] = [];
  const sizes: number[] = [];
  let size = 0;
  for (const block of blocks) {
    const { block: sized, imageTokens } = imageTokenCost(block);
    const text = JSON.stringify(sized);
    hash.update(text);
    hashes.push(hash.copy().digest('hex'));
    size += Math.ceil(text.length / 4) + imageTokens;
    sizes.push(size);
  }
  return { hashes, sizes };
}
