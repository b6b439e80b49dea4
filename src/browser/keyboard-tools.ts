/** type_text({ text, into }) and press({ key }): typing into fields and pressing keys. */
import type { Locator, Page } from 'playwright-core';
import { z } from 'zod/v4';
import { renderPrompt } from '../prompts/template.js';
import type { Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';
import { BrowserActionError } from './browser-options.js';
import { clip, firstLine } from './notices.js';
import { actAndSettle, browserTool, pageLocation } from './browser-tool.js';
import { bySelector, findVisible } from './click-tool.js';
import { evaluateScript, FIELD_NAMES, FOCUSED_IS_EDITABLE } from './page-scripts.js';

const FIELD_ROLES = ['textbox', 'searchbox', 'combobox', 'spinbutton'] as const;

/** A field named `into`: by label, placeholder or accessible name (whole, then in part), by `name`, or as a CSS selector. */
async function findField(page: Page, into: string, session: BrowserSession): Promise<Locator | undefined> {
  const byRole = (exact: boolean) => FIELD_ROLES.map((role) => page.getByRole(role, { name: into, exact })).reduce((all, next) => all.or(next));
  const named = page.locator(`[name="${into.replace(/["\\]/g, '\\$&')}"]`);
  const found = await findVisible([page.getByLabel(into, { exact: true }), page.getByPlaceholder(into, { exact: true }), byRole(true), page.getByLabel(into), page.getByPlaceholder(into), byRole(false), named]);
  if (found) return found.locator;
  // Not a name on the page: perhaps a selector; a text that is no valid selector is just not found.
  const selector = await bySelector(page, into, session).catch(() => undefined);
  return selector ? (await findVisible([selector]))?.locator : undefined;
}

export function typeTextTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'type_text',
    description: prompts.tools.typeText.description,
    inputSchema: z.object({
      text: z.string().max(5_000).describe(prompts.tools.typeText.textParameter),
      into: z.string().min(1).max(500).optional().describe(prompts.tools.typeText.intoParameter),
    }),
    async act(page, { text, into }) {
      let field: Locator;
      let name: string;
      if (into === undefined) {
        if ((await evaluateScript(page, FOCUSED_IS_EDITABLE)) !== true) throw new BrowserActionError(prompts.errors.noFocusedField);
        field = page.locator(':focus');
        name = prompts.results.focusedField;
      } else {
        const found = await findField(page, into, session);
        name = renderPrompt(prompts.results.textTarget, { text: clip(into, 200) });
        if (!found) {
          const fields = await evaluateScript(page, FIELD_NAMES).catch(() => []);
          const names = Array.isArray(fields) ? fields.filter((entry): entry is string => typeof entry === 'string').slice(0, 20).map((entry) => `"${clip(entry, 80)}"`) : [];
          throw new BrowserActionError(names.length === 0 ? prompts.errors.noFields : renderPrompt(prompts.errors.fieldNotFound, { into: clip(into, 200), fields: names.join(', ') }));
        }
        field = found;
      }
      try {
        if ((await field.evaluate((element) => element.tagName)) === 'SELECT') {
          await field.selectOption({ label: text }, { timeout: session.actionTimeoutMs }).catch(() => field.selectOption(text, { timeout: session.actionTimeoutMs }));
          return renderPrompt(prompts.results.selected, { text: clip(text, 200), field: name });
        }
        await field.fill(text, { timeout: session.actionTimeoutMs });
      } catch (error) {
        throw new BrowserActionError(renderPrompt(prompts.errors.notEditable, { field: name, reason: firstLine(error) }));
      }
      return renderPrompt(prompts.results.typed, { text: clip(text, 200), field: name });
    },
  });
}

export function pressTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'press',
    description: prompts.tools.press.description,
    inputSchema: z.object({ key: z.string().min(1).max(60).describe(prompts.tools.press.keyParameter) }),
    async act(page, { key }) {
      try {
        await actAndSettle(page, session, () => page.keyboard.press(key));
      } catch (error) {
        if (/Unknown key/i.test((error as Error).message ?? '')) throw new BrowserActionError(renderPrompt(prompts.errors.unknownKey, { key: clip(key, 60) }));
        throw error;
      }
      return renderPrompt(prompts.results.pressed, { key: clip(key, 60), at: await pageLocation(page, session) });
    },
  });
}
