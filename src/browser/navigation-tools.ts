/** go_to and go_back: every URL checked against the policy before the browser goes anywhere. */
import { z } from 'zod/v4';
import { renderPrompt } from '../prompts/template.js';
import type { Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';
import { BrowserActionError } from './browser-options.js';
import { clip } from './notices.js';
import { actAndSettle, browserTool, isTimeout, pageLocation, settle } from './browser-tool.js';

/** Schemes written out in full, so that "localhost:8080/x" is not taken for a "localhost:" URL. */
const SCHEME = /^([a-z][a-z0-9+.-]*:\/\/|(about|data|javascript|vbscript|file|mailto|blob|chrome|view-source|tel|ftp|ws|wss|intent):)/i;

/** What the model wrote, as a URL to check: https:// is assumed when no scheme is given. */
export function normalizeUrl(url: string): string {
  const trimmed = url.trim();
  if (SCHEME.test(trimmed)) return trimmed;
  return trimmed.startsWith('//') ? `https:${trimmed}` : `https://${trimmed}`;
}

export function goToTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'go_to',
    description: prompts.tools.goTo.description,
    inputSchema: z.object({ url: z.string().min(1).max(4096).describe(prompts.tools.goTo.urlParameter) }),
    async act(page, { url }) {
      const target = normalizeUrl(url);
      const decision = session.policy.check(target);
      if (!decision.allowed) throw new BrowserActionError(session.refusal(target, decision));
      const href = decision.url.href;
      const load = async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            return await page.goto(href, { waitUntil: 'domcontentloaded', timeout: session.navigationTimeoutMs });
          } catch (error) {
            // The error page of an earlier failed load can still be committing: once it has, go again;
            // when the navigation that interrupted this one was to the same URL, the browser is there.
            if (!/interrupted by another navigation/.test((error as Error).message ?? '') || attempt === 3) throw error;
            await settle(page, session);
            if (page.url() === href) return null;
          }
        }
      };
      let response;
      try {
        response = await actAndSettle(page, session, load);
      } catch (error) {
        await settle(page, session);
        const blocked = session.takeBlocked();
        if (blocked) throw new BrowserActionError(blocked.reason);
        if (isTimeout(error)) throw new BrowserActionError(renderPrompt(prompts.errors.navigationTimeout, { url: clip(href, 300), seconds: session.navigationTimeoutMs / 1000 }));
        const message = (error as Error).message ?? '';
        // A URL that answers with a file: the download notice says what became of it.
        if (/Download is starting/i.test(message)) return pageLocation(page, session);
        const reason = /net::ERR_[A-Z_]+/.exec(message)?.[0] ?? message.split('\n')[0]!;
        throw new BrowserActionError(renderPrompt(prompts.errors.navigationFailed, { url: clip(href, 300), reason }));
      }
      // A redirect hop the policy stopped (the page shows why); a navigation the page started itself stays a notice.
      const blocked = session.takeBlocked(true);
      if (blocked) throw new BrowserActionError(blocked.reason);
      // The status of the page the load ended on, after any redirect hops.
      const status = session.statusOf(page);
      if (status !== undefined && status >= 400) {
        const statusText = response && response.url() === page.url() ? response.statusText() : '';
        return renderPrompt(prompts.results.httpError, { url: clip(page.url(), 300), status, statusText: statusText ? ` ${statusText}` : '' });
      }
      return pageLocation(page, session);
    },
  });
}

export function goBackTool(session: BrowserSession): Tool {
  const prompts = session.prompts;
  return browserTool(session, {
    name: 'go_back',
    description: prompts.tools.goBack.description,
    inputSchema: z.object({}),
    async act(page) {
      const before = page.url();
      const response = await page.goBack({ waitUntil: 'domcontentloaded', timeout: session.navigationTimeoutMs });
      // null: no history, or a move within the same document (then the URL changed).
      if (response === null && page.url() === before) throw new BrowserActionError(prompts.errors.noHistory);
      await settle(page, session);
      return renderPrompt(prompts.results.wentBack, { at: await pageLocation(page, session) });
    },
  });
}
