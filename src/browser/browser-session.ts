/**
 * One Chromium for one run, driven through playwright-core: launched on first use with the flags
 * below, one page at a time, every navigation checked against the origin policy (redirects hop by
 * hop, since Playwright does not route them), downloads refused unless a folder is given, dialogs
 * dismissed. Browser actions run one after another, whatever the code does in parallel, and
 * everything the page did meanwhile (a blocked navigation, a dialog, a download) is kept as a notice
 * for the next tool result.
 */
import { mkdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Browser, BrowserContext, Download, Page, Route } from 'playwright-core';
import { importOptional } from '../optional-dependency.js';
import { renderPrompt } from '../prompts/template.js';
import type { WebAgentPrompts } from '../prompts/web-agent.js';
import { findChromium } from './find-chromium.js';
import { BrowserActionError, CHROMIUM_FLAGS, type BrowserSessionOptions, type PageState } from './browser-options.js';
import { OriginPolicy, type PolicyDecision } from './origin-policy.js';

export { BrowserActionError, CHROMIUM_FLAGS, type BrowserSessionOptions, type PageState };

type Playwright = typeof import('playwright-core');

export class BrowserSession {
  readonly policy: OriginPolicy;
  readonly navigationTimeoutMs: number;
  readonly actionTimeoutMs: number;
  private readonly viewport: { width: number; height: number };
  private starting?: Promise<void>;
  private browser?: Browser;
  private context?: BrowserContext;
  private current?: Page;
  /** Bumped by close(): a launch that started before it is closed as soon as it is done. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private notices: string[] = [];
  private readonly statuses = new WeakMap<Page, number>();
  /** The last navigation the policy blocked, so that the action that caused it can say so (instead of its notice). */
  private lastBlocked?: BlockedNavigation;
  /** Where redirects sent the browser on: those navigations continue a load, and a refused one shows why instead of going nowhere. */
  private readonly redirectHops = new Set<string>();
  /** Downloads being saved and new tabs loading: an action waits for them, so that its result can say what became of them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly options: BrowserSessionOptions,
    readonly prompts: WebAgentPrompts,
  ) {
    this.policy = new OriginPolicy(options);
    this.navigationTimeoutMs = positive(options.navigationTimeoutMs ?? 20_000, 'navigationTimeoutMs');
    this.actionTimeoutMs = positive(options.actionTimeoutMs ?? 5_000, 'actionTimeoutMs');
    const viewport = options.viewport ?? { width: 1024, height: 768 };
    if (!Number.isInteger(viewport.width) || !Number.isInteger(viewport.height) || viewport.width < 200 || viewport.height < 200 || viewport.width > 4096 || viewport.height > 4096) {
      throw new RangeError(`viewport must be whole numbers of pixels between 200 and 4096, got ${JSON.stringify(viewport)}.`);
    }
    this.viewport = viewport;
  }

  /** Finds the browser and loads playwright-core now, so that a missing one fails before any model call. */
  async check(): Promise<{ playwright: Playwright; executablePath: string }> {
    const playwright = await importOptional<Playwright>('playwright-core', 'The web agent (its browser tools)');
    const executablePath = findChromium({ executablePath: this.options.executablePath, env: this.options.env ?? process.env, playwrightPath: bundledChromium(playwright) });
    return { playwright, executablePath };
  }

  /** Whether a page is open (a browser action ran, or is running). */
  get started(): boolean {
    return this.current !== undefined;
  }

  /** Launches Chromium once; later calls wait for the same launch. After close(), the next start launches a new one. */
  start(): Promise<void> {
    this.starting ??= this.launch(this.generation);
    return this.starting;
  }

  private async launch(generation: number): Promise<void> {
    const { playwright, executablePath } = await this.check();
    const handleSignals = this.options.handleSignals ?? true;
    const browser = await playwright.chromium.launch({
      executablePath,
      headless: this.options.headless ?? true,
      args: CHROMIUM_FLAGS,
      handleSIGINT: handleSignals,
      handleSIGTERM: handleSignals,
      handleSIGHUP: handleSignals,
    });
    if (generation !== this.generation) {
      await browser.close();
      throw new BrowserActionError(this.prompts.errors.closed);
    }
    this.browser = browser;
    const downloadsDir = this.options.downloadsDir;
    if (downloadsDir !== undefined) await mkdir(downloadsDir, { recursive: true });
    // Service workers would answer requests before routing sees them.
    const context = await browser.newContext({ viewport: this.viewport, acceptDownloads: downloadsDir !== undefined, serviceWorkers: 'block' });
    this.context = context;
    context.setDefaultTimeout(this.actionTimeoutMs);
    context.setDefaultNavigationTimeout(this.navigationTimeoutMs);
    await context.route('**/*', (route) => this.route(route));
    context.on('page', (page) => {
      this.watch(page);
      // A page opened by another (target=_blank, window.open) becomes the one the agent works in, once it has loaded.
      if (!this.current || this.current === page) return;
      this.current = page;
      const loading = page
        .waitForLoadState('domcontentloaded', { timeout: this.navigationTimeoutMs })
        .catch(() => undefined)
        .then(() => this.notice(renderPrompt(this.prompts.notices.popup, { url: clip(page.url(), 300) })))
        .finally(() => this.pending.delete(loading));
      this.pending.add(loading);
    });
    const page = await context.newPage();
    if (generation !== this.generation) throw new BrowserActionError(this.prompts.errors.closed);
    this.current = page;
  }

  /** Every event of a page that the model should hear about, and its navigation statuses. */
  private watch(page: Page): void {
    page.on('response', (response) => {
      if (response.request().isNavigationRequest() && response.frame() === page.mainFrame()) this.statuses.set(page, response.status());
    });
    page.on('dialog', (dialog) => {
      this.notice(renderPrompt(this.prompts.notices.dialog, { type: dialog.type(), message: clip(dialog.message(), 300) }));
      // Leaving a page must stay possible; every other dialog is answered "no".
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
    });
    page.on('download', (download) => {
      const saving = this.download(download).finally(() => this.pending.delete(saving));
      this.pending.add(saving);
    });
    page.on('close', () => {
      if (this.current === page) this.current = this.context?.pages().at(-1);
    });
  }

  private async download(download: Download): Promise<void> {
    const file = safeFileName(download.suggestedFilename());
    const dir = this.options.downloadsDir;
    if (dir === undefined) {
      this.notice(renderPrompt(this.prompts.notices.downloadRefused, { file }));
      await download.cancel().catch(() => undefined);
      return;
    }
    try {
      const path = await freePath(dir, file);
      await download.saveAs(path);
      this.notice(renderPrompt(this.prompts.notices.downloadSaved, { file, path }));
    } catch (error) {
      this.notice(renderPrompt(this.prompts.notices.downloadFailed, { file, reason: (error as Error).message.split('\n')[0]! }));
    }
  }

  /**
   * Every request of the browser passes here. Navigations (of the page or a frame) to a URL the
   * policy refuses are answered 204 No Content, which leaves the page where it was. With allowed
   * origins, redirects are followed here one hop at a time: the browser would follow them unseen.
   */
  private async route(route: Route): Promise<void> {
    const request = route.request();
    if (!request.isNavigationRequest()) return route.continue().catch(() => undefined);
    const url = request.url();
    const continuing = this.redirectHops.delete(url);
    const decision = this.policy.check(url);
    if (!decision.allowed) return this.refuse(route, url, decision, continuing);
    if (!this.policy.restrictsOrigins) return route.continue().catch(() => undefined);
    try {
      const response = await route.fetch({ maxRedirects: 0, timeout: this.navigationTimeoutMs });
      const location = response.headers()['location'];
      if (response.status() >= 300 && response.status() < 400 && location) {
        const next = safeUrl(location, url);
        const hop = next ? this.policy.check(next) : ({ allowed: false, reason: 'invalid' } as const);
        if (!hop.allowed) return this.refuse(route, next?.href ?? location, hop, true);
        // A page that sends the browser on: the next hop is a new navigation, which comes back through here.
        if (this.redirectHops.size < 100) this.redirectHops.add(next!.href);
        const body = `<!doctype html><meta charset="utf-8"><script>location.replace(${JSON.stringify(next!.href).replace(/</g, '\\u003c')})</script>`;
        return await route.fulfill({ status: 200, contentType: 'text/html', body });
      }
      await route.fulfill({ response });
    } catch (error) {
      await route.abort('failed').catch(() => undefined);
      this.notice(renderPrompt(this.prompts.errors.navigationFailed, { url, reason: firstLine(error) }));
    }
  }

  /**
   * A refused navigation goes nowhere: 204 No Content leaves the page as it was. Inside a redirect
   * chain there is no page to keep (the load already left it), so a short page says why instead.
   */
  private async refuse(route: Route, url: string, decision: Exclude<PolicyDecision, { allowed: true }>, inRedirect = false): Promise<void> {
    const reason = this.refusal(url, decision);
    const notice = renderPrompt(this.prompts.notices.blockedNavigation, { url: clip(url, 300), reason });
    this.lastBlocked = { url, reason, notice, inRedirect };
    this.notice(notice);
    if (!inRedirect) return route.fulfill({ status: 204 }).catch(() => undefined);
    const escape = (text: string) => text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
    const body = `<!doctype html><meta charset="utf-8"><title>${escape(this.prompts.errors.blockedPageTitle)}</title><p>${escape(reason)}</p>`;
    await route.fulfill({ status: 200, contentType: 'text/html', body }).catch(() => undefined);
  }

  /** The model-facing reason a URL is refused. */
  refusal(url: string, decision: Exclude<PolicyDecision, { allowed: true }>): string {
    const errors = this.prompts.errors;
    if (decision.reason === 'invalid') return renderPrompt(errors.invalidUrl, { url: clip(url, 300) });
    if (decision.reason === 'scheme') return renderPrompt(errors.blockedScheme, { url: clip(url, 300), schemes: this.policy.schemes.join(', ') });
    return renderPrompt(errors.blockedOrigin, { url: clip(url, 300), origins: this.policy.describeOrigins() });
  }

  /**
   * The navigation blocked since the last call, if any, to explain a failed go_to or click (its
   * notice is then not repeated); with `inRedirectOnly`, only one that stopped a redirect chain.
   */
  takeBlocked(inRedirectOnly = false): BlockedNavigation | undefined {
    const blocked = this.lastBlocked;
    if (!blocked || (inRedirectOnly && !blocked.inRedirect)) return undefined;
    this.lastBlocked = undefined;
    if (blocked) this.notices = this.notices.filter((notice) => notice !== blocked.notice);
    return blocked;
  }

  private notice(text: string): void {
    // A page can fire events in a loop: keep the first ones, enough to tell the model.
    if (this.notices.length < 10) this.notices.push(text);
  }

  /** What happened in the browser since the last call. */
  takeNotices(): string[] {
    const notices = this.notices;
    this.notices = [];
    return notices;
  }

  /** The page's last HTTP status (navigation responses of its main frame). */
  statusOf(page: Page): number | undefined {
    return this.statuses.get(page);
  }

  /**
   * Runs one browser action on the current page, after every action before it. An aborted run
   * stops waiting at once (the browser is closed right after, which ends the action itself).
   */
  async run<T>(action: (page: Page) => Promise<T>, signal?: AbortSignal): Promise<T> {
    const previous = this.queue;
    let release!: () => void;
    this.queue = new Promise<void>((resolve) => (release = resolve));
    try {
      await previous;
      signal?.throwIfAborted();
      await this.start();
      const page = this.current;
      if (!page) throw new BrowserActionError(this.prompts.errors.closed);
      const result = await untilAborted(action(page), signal);
      if (this.pending.size > 0) await untilAborted(settled([...this.pending], this.navigationTimeoutMs), signal);
      return result;
    } finally {
      release();
    }
  }

  /** URL, title, status and a JPEG screenshot of the viewport, for the step's observation. */
  async state(signal?: AbortSignal): Promise<PageState> {
    return this.run(async (page) => {
      const url = page.url();
      const title = clip(await page.title().catch(() => ''), 200);
      const status = this.statuses.get(page);
      try {
        const bytes = await page.screenshot({ type: 'jpeg', quality: 70, timeout: this.navigationTimeoutMs, animations: 'disabled', caret: 'hide' });
        return { url, title, ...(status ? { status } : {}), screenshot: { type: 'image', image: bytes.toString('base64'), mediaType: 'image/jpeg' } };
      } catch (error) {
        return { url, title, ...(status ? { status } : {}), screenshotError: firstLine(error) };
      }
    }, signal);
  }

  /** Closes Chromium; safe to call more than once, and while it is starting. */
  async close(): Promise<void> {
    this.generation++;
    const starting = this.starting;
    const browser = this.browser;
    this.starting = undefined;
    this.browser = undefined;
    this.context = undefined;
    this.current = undefined;
    this.notices = [];
    this.lastBlocked = undefined;
    await browser?.close().catch(() => undefined);
    await starting?.catch(() => undefined);
  }

  /** Whether Chromium is running now (for tests and diagnostics). */
  get connected(): boolean {
    return this.browser?.isConnected() ?? false;
  }
}

export interface BlockedNavigation {
  url: string;
  reason: string;
  /** What the model is told when no action explains it. */
  notice: string;
  /** It stopped a redirect chain (the page shows why), rather than a navigation the page started (the page stayed). */
  inRedirect: boolean;
}

/** Playwright's own downloaded Chromium, if `npx playwright-core install chromium` put one there. */
function bundledChromium(playwright: Playwright): string | undefined {
  try {
    return playwright.chromium.executablePath();
  } catch {
    return undefined;
  }
}

/** Waits for the promises to settle, at most `ms`. */
async function settled(promises: Promise<unknown>[], ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([Promise.allSettled(promises), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A page's file name as a plain name in the downloads folder: no path, no control characters. */
export function safeFileName(suggested: string): string {
  const name = basename(String(suggested).replace(/\\/g, '/'))
    .replace(/[^\w.\- ()]+/g, '_')
    .replace(/^\.+/, '')
    .slice(0, 120);
  return name === '' ? 'download' : name;
}

/** `dir/name`, or `dir/name-2` and so on when that file exists: a download never overwrites one. */
async function freePath(dir: string, name: string): Promise<string> {
  const dot = name.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let attempt = 1; attempt < 1000; attempt++) {
    const path = join(dir, attempt === 1 ? name : `${stem}-${attempt}${extension}`);
    try {
      await stat(path);
    } catch {
      return path;
    }
  }
  throw new Error(`too many files named like ${name}`);
}

function safeUrl(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

export function clip(text: string, max: number): string {
  const flat = String(text).replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!.replace(/^\w+\.\w+: /, '');
}

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}.`);
  return value;
}
