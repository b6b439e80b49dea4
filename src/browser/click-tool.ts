/**
 * click({ text }) or click({ selector }). By text, the element is looked for the way a person reads
 * the page: a link or button of exactly that name, then an element of exactly that text, then the
 * same with the text as a part; only visible elements count. What is not found, or is covered by an
 * overlay, is said in words the model can act on.
 */
import type { Locator, Page } from 'playwright-core';
import { z } from 'zod/v4';
import { renderPrompt } from '../prompts/template.js';
import type { Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';
import { BrowserActionError } from './browser-options.js';
import { clip, firstLine } from './notices.js';
import { actAndSettle, browserTool, isTimeout, pageLocation } from './browser-tool.js';
import { closestTexts } from './closest-texts.js';
import { CLICKABLE_TEXTS, evaluateScript } from './page-scripts.js';

const CLICKABLE_ROLES = ['link', 'button', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'tab', 'option', 'checkbox', 'radio', 'switch', 'treeitem'] as const;

/** The first visible match of the first way of looking that finds any, and how many it found. */
export async function findVisible(candidates: Locator[]): Promise<{ locator: Locator; count: number } | undefined> {
  for (const candidate of candidates) {
    const visible = candidate.filter({ visible: true });
    const count = await visible.count();
    if (count > 0) return { locator: visible.first(), count };
  }
  return undefined;
}

function byClickableRole(page: Page, text: string, exact: boolean): Locator {
  return CLICKABLE_ROLES.map((role) => page.getByRole(role, { name: text, exact })).reduce((all, next) => all.or(next));
}

export function byText(page: Page, text: string): Locator[] {
  return [byClickableRole(page, text, true), page.getByText(text, { exact: true }), byClickableRole(page, text, false), page.getByText(text), page.getByLabel(text), page.getByTitle(text)];
}

/** A CSS selector as a locator; a selector the browser cannot parse is the model's to fix. */
export async function bySelector(page: Page, selector: string, session: BrowserSession): Promise<Locator> {
  const locator = page.locator(selector);
  try {
    await locator.count();
  } catch (error) {
    throw new BrowserActionError(renderPrompt(session.prompts.errors.invalidSelector, { selector: clip(selector, 200), reason: firstLine(error) }));
  }
  return locator;
}

export function clickTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  const inputSchema = z.object({
    text: z.string().min(1).max(500).optional().describe(prompts.tools.click.textParameter),
    selector: z.string().min(1).max(1000).optional().describe(prompts.tools.click.selectorParameter),
  });
  return browserTool(session, {
    name: 'click',
    description: prompts.tools.click.description,
    inputSchema,
    async act(page, { text, selector }) {
      if ((text === undefined) === (selector === undefined)) throw new BrowserActionError(prompts.errors.clickArguments);
      const what = text !== undefined ? renderPrompt(prompts.results.textTarget, { text: clip(text, 200) }) : renderPrompt(prompts.results.selectorTarget, { selector: clip(selector!, 200) });
      const found = text !== undefined ? await findVisible(byText(page, text)) : await findVisible([await bySelector(page, selector!, session)]);
      if (!found) {
        if (selector !== undefined) throw new BrowserActionError(renderPrompt(prompts.errors.selectorNotFound, { selector: clip(selector, 200) }));
        throw new BrowserActionError(renderPrompt(prompts.errors.notFound, { text: clip(text!, 200), suggestions: await suggestions(page, text!, session) }));
      }
      try {
        await actAndSettle(page, session, () => found.locator.click({ timeout: session.actionTimeoutMs }));
      } catch (error) {
        throw new BrowserActionError(clickFailure(error, what, session));
      }
      const blocked = session.takeBlocked();
      if (blocked) throw new BrowserActionError(blocked.notice);
      return renderPrompt(prompts.results.clicked, {
        what,
        matches: found.count > 1 ? renderPrompt(prompts.results.moreMatchesFragment, { count: found.count }) : '',
        at: await pageLocation(page, session),
      });
    },
  });
}

/** Playwright says which element intercepted the click: that is the overlay to close. */
function clickFailure(error: unknown, what: string, session: BrowserSession): string {
  const message = (error as Error)?.message ?? '';
  const cover = /(<[^\n]{1,300}?>)(?:…|\.\.\.)?(?:<\/[^>]*>)?\s*(?:from <[^>]*> subtree\s*)?intercepts pointer events/.exec(message)?.[1];
  if (cover) return renderPrompt(session.prompts.errors.covered, { what, cover: clip(cover, 200) });
  const reason = isTimeout(error) ? (lastWaitingReason(message) ?? renderPrompt(session.prompts.errors.notReady, { seconds: session.actionTimeoutMs / 1000 })) : firstLine(error);
  return renderPrompt(session.prompts.errors.notClickable, { what, reason });
}

/** The last "element is not visible / not enabled / not stable" line of Playwright's call log. */
function lastWaitingReason(message: string): string | undefined {
  const reasons = [...message.matchAll(/-\s+(element is [^\n]+)/g)].map((match) => match[1]!.trim());
  return reasons.at(-1);
}

async function suggestions(page: Page, text: string, session: BrowserSession): Promise<string> {
  const texts = await evaluateScript(page, CLICKABLE_TEXTS).catch(() => []);
  const candidates = Array.isArray(texts) ? texts.filter((entry): entry is string => typeof entry === 'string').map((entry) => clip(entry, 100)) : [];
  if (candidates.length === 0) return session.prompts.errors.noClickable;
  const closest = closestTexts(text, candidates).map((entry) => `"${entry}"`);
  return renderPrompt(session.prompts.errors.suggestions, { texts: closest.join(', ') });
}
