import type { CodeLanguage } from '../executors/executor.js';

/** Fence tags accepted for each language; a bare fence (no tag) is accepted for both. */
const FENCE_TAGS: Record<CodeLanguage, string[]> = {
  javascript: ['js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'mjs'],
  python: ['py', 'python', 'python3'],
};

/**
 * Extracts the code action from a model reply: fenced blocks in the agent's language (or bare
 * fences) and `<code>…</code>` tags. Several blocks run as one, in order. Returns undefined when
 * the reply has no code.
 */
export function parseCodeAction(reply: string, language: CodeLanguage): string | undefined {
  const tags = new Set(FENCE_TAGS[language]);
  const blocks: { at: number; code: string }[] = [];

  const codeTags = [...reply.matchAll(/<code>([\s\S]*?)(?:<\/code>|$)/g)].map((match) => ({
    start: match.index!,
    end: match.index! + match[0].length,
    body: match[1]!,
  }));
  const insideCodeTag = (at: number) => codeTags.some((span) => at > span.start && at < span.end);

  // A fence opens with ``` + optional tag at the start of a line and closes with ``` on its own line
  // (or at the end of the reply, when a stop sequence cut the closing fence off).
  const fenceSpans: { start: number; end: number }[] = [];
  const fence = /(^|\n)[ \t]*```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*```|$)/g;
  for (const match of reply.matchAll(fence)) {
    if (insideCodeTag(match.index!)) continue;
    fenceSpans.push({ start: match.index!, end: match.index! + match[0].length });
    const tag = match[2]!.toLowerCase();
    if (tag !== '' && !tags.has(tag)) continue;
    blocks.push({ at: match.index!, code: match[3]! });
  }
  for (const span of codeTags) {
    // "<code>" inside a fenced block is part of that code (an HTML string, say), not a tag.
    if (fenceSpans.some((fenced) => span.start > fenced.start && span.start < fenced.end)) continue;
    // A <code> tag may itself wrap a fenced block: take the fenced content then.
    blocks.push({ at: span.start, code: parseFencedOnly(span.body, tags) ?? span.body });
  }
  const code = blocks
    .sort((a, b) => a.at - b.at)
    .map((block) => block.code.replace(/<end_code>\s*$/, '').trim())
    .filter((block) => block.length > 0)
    .join('\n\n');
  return code.length > 0 ? code : undefined;
}

function parseFencedOnly(text: string, tags: Set<string>): string | undefined {
  const match = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)(?:\n[ \t]*```|$)/.exec(text);
  if (!match) return undefined;
  const tag = match[1]!.toLowerCase();
  return tag === '' || tags.has(tag) ? match[2] : undefined;
}
