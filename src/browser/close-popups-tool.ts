/**
 * close_popups(): Escape first (it closes most modal dialogs), then, for each overlay still covering
 * the page, a real click on its close button, else its reject button, else its accept button.
 */
import { z } from 'zod/v4';
import { renderPrompt } from '../prompts/template.js';
import type { Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';
import { clip } from './notices.js';
import { actAndSettle, browserTool } from './browser-tool.js';
import { CLEAR_OVERLAY_MARKS, evaluateScript, FIND_OVERLAYS } from './page-scripts.js';

interface Overlay {
  index: number;
  button: string;
  container: string;
}

function overlaysOf(value: unknown): Overlay[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((entry): entry is Overlay => typeof entry?.index === 'number' && typeof entry?.button === 'string' && typeof entry?.container === 'string')
    .slice(0, 10);
}

export function closePopupsTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'close_popups',
    description: prompts.tools.closePopups.description,
    inputSchema: z.object({}),
    async act(page) {
      await page.keyboard.press('Escape');
      const closed: string[] = [];
      try {
        for (const overlay of overlaysOf(await evaluateScript(page, FIND_OVERLAYS))) {
          const button = page.locator(`[data-smolagents-close="${overlay.index}"]`);
          const clicked = await actAndSettle(page, session, () => button.click({ timeout: Math.min(2_000, session.actionTimeoutMs) })).then(() => true, () => false);
          if (clicked) closed.push(renderPrompt(prompts.results.closedPopup, { button: clip(overlay.button, 80) || '×', container: clip(overlay.container, 80) }));
        }
      } finally {
        await evaluateScript(page, CLEAR_OVERLAY_MARKS).catch(() => undefined);
      }
      if (closed.length === 0) return prompts.results.noPopups;
      return renderPrompt(prompts.results.closedPopups, { count: closed.length, closed: closed.join('; ') });
    },
  });
}
