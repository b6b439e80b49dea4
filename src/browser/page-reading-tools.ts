/** scroll, find_on_page and page_text: moving through a page and reading it. */
import { z } from 'zod/v4';
import { renderPrompt } from '../prompts/template.js';
import { htmlToMarkdown } from '../tools/html-to-markdown.js';
import type { Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';
import { BrowserActionError } from './browser-options.js';
import { clip } from './notices.js';
import { browserTool } from './browser-tool.js';
import { evaluateScript, SCROLL_BY, VISIBLE_HTML } from './page-scripts.js';

/** The most HTML page_text reads from a page before turning it into markdown. */
const MAX_HTML_CHARS = 2_000_000;

export function scrollTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'scroll',
    description: prompts.tools.scroll.description,
    inputSchema: z.object({ pixels: z.number().int().min(-100_000).max(100_000).describe(prompts.tools.scroll.pixelsParameter) }),
    async act(page, { pixels }) {
      const position = (await evaluateScript(page, SCROLL_BY, pixels)) as { top?: unknown; height?: unknown; total?: unknown } | null;
      const [top, height, total] = [position?.top, position?.height, position?.total].map((value) => (typeof value === 'number' && Number.isFinite(value) ? Math.max(0, Math.round(value)) : 0)) as [number, number, number];
      const end = top <= 0 ? prompts.results.pageTopFragment : top + height >= total - 1 ? prompts.results.pageEndFragment : '';
      return renderPrompt(prompts.results.scrolled, {
        direction: pixels >= 0 ? prompts.results.scrolledDown : prompts.results.scrolledUp,
        pixels: Math.abs(pixels),
        from: top,
        to: Math.min(top + height, Math.max(total, height)),
        height: Math.max(total, height),
        end,
      });
    },
  });
}

export function findOnPageTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'find_on_page',
    description: prompts.tools.findOnPage.description,
    inputSchema: z.object({
      text: z.string().min(1).max(500).describe(prompts.tools.findOnPage.textParameter),
      nth: z.number().int().min(1).max(10_000).default(1).describe(prompts.tools.findOnPage.nthParameter),
    }),
    async act(page, { text, nth }) {
      const matches = page.getByText(text).filter({ visible: true });
      const count = await matches.count();
      if (count === 0) throw new BrowserActionError(renderPrompt(prompts.errors.textNotOnPage, { text: clip(text, 200) }));
      if (nth > count) throw new BrowserActionError(renderPrompt(prompts.errors.nthTooLarge, { text: clip(text, 200), count }));
      const match = matches.nth(nth - 1);
      await match.scrollIntoViewIfNeeded({ timeout: session.actionTimeoutMs });
      // textContent, not innerText: a CSS text-transform is not part of the text.
      const snippet = clip((await match.textContent({ timeout: session.actionTimeoutMs }).catch(() => text)) ?? text, 200);
      return renderPrompt(prompts.results.found, { count, text: clip(text, 200), nth, snippet });
    },
  });
}

export function pageTextTool(session: BrowserSession, maxChars: number): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'page_text',
    description: prompts.tools.pageText.description,
    inputSchema: z.object({}),
    async act(page) {
      const html = await evaluateScript(page, VISIBLE_HTML, { limit: MAX_HTML_CHARS, field: prompts.results.field });
      const url = page.url();
      const { markdown } = await htmlToMarkdown(typeof html === 'string' ? html.slice(0, MAX_HTML_CHARS) : '', { pageUrl: url });
      if (markdown.trim() === '') return renderPrompt(prompts.results.emptyPage, { url: clip(url, 300) });
      const text = markdown.length > maxChars ? markdown.slice(0, maxChars) + renderPrompt(prompts.results.pageTextTruncated, { count: markdown.length - maxChars }) : markdown;
      return renderPrompt(prompts.results.pageText, { title: clip(await page.title().catch(() => ''), 200), url: clip(url, 300), markdown: text });
    },
  });
}
