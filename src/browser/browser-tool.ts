/**
 * The shape every browser tool shares: it runs on the host, one browser action at a time, through
 * the session; what the page did meanwhile (notices) follows its result; and any failure becomes a
 * `BrowserActionError` whose message the model reads as the observation.
 */
import type { Frame, Page, Request } from 'playwright-core';
import type { z } from 'zod/v4';
import { renderPrompt } from '../prompts/template.js';
import { tool, type Tool } from '../tools/tool.js';
import type { BrowserSession } from './browser-session.js';
import { BrowserActionError } from './browser-options.js';
import { clip, firstLine } from './notices.js';

export interface BrowserToolSpec<Schema extends z.ZodObject> {
  name: string;
  description: string;
  inputSchema: Schema;
  act(page: Page, args: z.output<Schema>): Promise<string>;
}

export function browserTool<Schema extends z.ZodObject>(session: BrowserSession, spec: BrowserToolSpec<Schema>): Tool {
  return tool({
    name: spec.name,
    description: spec.description,
    inputSchema: spec.inputSchema as z.ZodObject,
    outputType: 'string',
    execute: async (args, { signal }) => {
      let result: string;
      try {
        result = await session.run((page) => spec.act(page, args as z.output<Schema>), signal);
      } catch (error) {
        if (signal?.aborted) throw error;
        throw new BrowserActionError(withNotices(describeFailure(error, session, spec.name), session.takeNotices()));
      }
      return withNotices(result, session.takeNotices());
    },
  });
}

function withNotices(text: string, notices: string[]): string {
  return notices.length === 0 ? text : [text, ...notices].join('\n');
}

/** A failure as the model should read it: ours as they are, Playwright's in one plain line. */
function describeFailure(error: unknown, session: BrowserSession, action: string): string {
  if (error instanceof BrowserActionError) return error.message;
  const { errors } = session.prompts;
  const message = error instanceof Error ? error.message : String(error);
  if (/has been closed|Target closed|browser has disconnected/i.test(message)) return errors.closed;
  if (isTimeout(error)) return renderPrompt(errors.actionTimeout, { action, seconds: session.actionTimeoutMs / 1000 });
  return firstLine(error);
}

export function isTimeout(error: unknown): boolean {
  return (error as { name?: unknown })?.name === 'TimeoutError';
}

/** "Now at <url> — <title> (HTTP status)", the line most tools end with. */
export async function pageLocation(page: Page, session: BrowserSession): Promise<string> {
  const { results } = session.prompts;
  const status = session.statusOf(page);
  return renderPrompt(results.at, {
    url: clip(page.url(), 300),
    title: clip(await page.title().catch(() => ''), 200),
    status: status !== undefined && status >= 400 ? renderPrompt(session.prompts.httpStatusFragment, { status }) : '',
  });
}

/** After a load: wait for the page to be usable, and briefly for it to finish loading. */
export async function settle(page: Page, session: BrowserSession): Promise<void> {
  await page.waitForLoadState('domcontentloaded', { timeout: session.navigationTimeoutMs }).catch(() => undefined);
  await page.waitForLoadState('load', { timeout: 2_000 }).catch(() => undefined);
}

/** How long an action's handlers get to start a navigation (a form submitted by Enter starts it a task later). */
const NAVIGATION_START_MS = 150;

/**
 * Runs an action that may make the page navigate (a load, a click, a key, a dismissed banner) and
 * returns once the navigations it set off are over: the page's navigation requests are watched from
 * before the action, so that one still in flight (a redirect hop, a form submitted a moment later,
 * one answered 204 by the policy, which never commits) is waited for, and each committed one is
 * waited on until its document is usable.
 */
export async function actAndSettle<T>(page: Page, session: BrowserSession, action: () => Promise<T>): Promise<T> {
  let pending: Request | undefined;
  let committed = false;
  const onRequest = (request: Request) => {
    if (request.isNavigationRequest() && request.frame() === page.mainFrame()) pending = request;
  };
  const onDone = (request: Request) => {
    if (request === pending) pending = undefined;
  };
  const onCommit = (frame: Frame) => {
    if (frame === page.mainFrame()) committed = true;
  };
  page.on('request', onRequest);
  page.on('requestfinished', onDone);
  page.on('requestfailed', onDone);
  page.on('framenavigated', onCommit);
  try {
    const result = await action();
    await new Promise((resolve) => setTimeout(resolve, NAVIGATION_START_MS));
    const deadline = Date.now() + session.navigationTimeoutMs;
    while (!page.isClosed() && Date.now() < deadline) {
      if (pending) await new Promise((resolve) => setTimeout(resolve, 25));
      else if (committed) {
        committed = false;
        await settle(page, session);
      } else break;
    }
    return result;
  } finally {
    page.off('request', onRequest);
    page.off('requestfinished', onDone);
    page.off('requestfailed', onDone);
    page.off('framenavigated', onCommit);
  }
}
