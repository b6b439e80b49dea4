import type { CodeLanguage } from '../executors/executor.js';

/** Fence tags that mark a code action in each language. */
const FENCE_TAGS: Record<CodeLanguage, string[]> = {
  javascript: ['js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'mjs'],
  python: ['py', 'python', 'python3'],
};

/**
 * Extracts the code action from a model reply. The rule (stated in the prompts and in
 * docs/executors.md): only a fenced block that opens at the start of a line with a tag of the
 * agent's language (```js, ```py…) is an action; it closes with ``` at the start of a line, or at
 * the end of the reply when a stop sequence cut the closing fence off. Bare fences, fences of other
 * languages, inline backticks and `<code>` tags never run: those are how a model quotes code in its
 * Thought (or repeats text a tool returned). If a reply has several tagged blocks, only the last
 * runs: the prompt asks for one, and the ones before it are quotes. Returns undefined when the
 * reply has no action.
 */
export function parseCodeAction(reply: string, language: CodeLanguage): string | undefined {
  const tags = new Set(FENCE_TAGS[language]);
  // ``` + a tag + nothing but spaces on the opening line; up to three spaces of indentation, as in Markdown.
  const fence = /(?:^|\n) {0,3}```[ \t]*([A-Za-z0-9_+-]+)[ \t]*\n([\s\S]*?)(?:\n {0,3}```|$)/g;
  let last: string | undefined;
  for (const match of reply.matchAll(fence)) {
    if (!tags.has(match[1]!.toLowerCase())) continue;
    const code = match[2]!.replace(/<end_code>\s*$/, '').trim();
    if (code.length > 0) last = code;
  }
  return last;
}
