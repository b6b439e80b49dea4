/** The browser tools, under the names users and tests rely on, in the order the model sees them. */
import type { Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';

export { BROWSER_TOOL_NAMES } from './browser-options.js';
import { clickTool } from './click-tool.js';
import { closePopupsTool } from './close-popups-tool.js';
import { pressTool, typeTextTool } from './keyboard-tools.js';
import { goBackTool, goToTool } from './navigation-tools.js';
import { findOnPageTool, pageTextTool, scrollTool } from './page-reading-tools.js';

export interface BrowserToolsOptions {
  /** The longest page_text() result, in characters. Default 12,000. */
  pageTextMaxChars?: number | undefined;
}

export function createBrowserTools(session: BrowserSession, options: BrowserToolsOptions = {}): Tool[] {
  const maxChars = options.pageTextMaxChars ?? 12_000;
  if (!Number.isInteger(maxChars) || maxChars < 100) throw new RangeError(`pageTextMaxChars must be a whole number of characters, at least 100, got ${String(maxChars)}.`);
  return [
    goToTool(session),
    clickTool(session),
    typeTextTool(session),
    pressTool(session),
    scrollTool(session),
    goBackTool(session),
    closePopupsTool(session),
    findOnPageTool(session),
    pageTextTool(session, maxChars),
  ];
}
