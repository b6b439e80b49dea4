/**
 * One Chromium for one run, driven through playwright-core: launched on first use with
 * CHROMIUM_FLAGS, one page at a time, every navigation checked against the origin policy
 * (NavigationGuard), downloads refused unless a folder is given, dialogs dismissed. Browser actions run one after another, whatever the code does in parallel, and
 * everything the page did meanwhile (a blocked navigation, a dialog, a download) is kept as a notice
 * for the next tool result.
 */
import { mkdir } from 'node:fs/promises';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { assertInstalled, importOptional } from '../optional-dependency.js';
import { renderPrompt } from '../prompts/template.js';
import type { WebAgentPrompts } from '../prompts/web-agent.js';
import { findChromium } from './find-chromium.js';
import { BrowserActionError, CHROMIUM_FLAGS, type BrowserSessionOptions, type PageState } from './browser-options.js';
import { handleDownload } from './downloads.js';
import { NavigationGuard, type BlockedNavigation } from './navigation-guard.js';
import { clip, firstLine, Notices } from './notices.js';
import { OriginPolicy, type PolicyDecision } from './origin-policy.js';

export { BrowserActionError, CHROMIUM_FLAGS, type BlockedNavigation, type BrowserSessionOptions, type PageState };

type Playwright = typeof import('playwright-core');

const BROWSER_FEATURE = 'The web agent (its browser tools)';

export class BrowserSession {
  readonly policy: OriginPolicy;
  readonly navigationTimeoutMs: number;
  readonly actionTimeoutMs: number;
  private readonly viewport: { width: number; height: number };
  private starting?: Promise<void> | undefined;
  private browser?: Browser | undefined;
  private context?: BrowserContext | undefined;
  private current?: Page | undefined;
  /** Bumped by close(): a launch that started before it is closed as soon as it is done. */
  private generation = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly notices = new Notices();
  private readonly guard: NavigationGuard;
  private readonly statuses = new WeakMap<Page, number>();
  /** Downloads being saved and new tabs loading: an action waits for them, so that its result can say what became of them. */
  private readonly pending = new Set<Promise<void>>();

  constructor(
    private readonly options: BrowserSessionOptions,
    readonly prompts: WebAgentPrompts,
  ) {
    // Like every optional integration: a missing package fails the constructor, before any model call.
    assertInstalled('playwright-core', BROWSER_FEATURE);
    this.policy = new OriginPolicy(options);
    this.navigationTimeoutMs = positive(options.navigationTimeoutMs ?? 20_000, 'navigationTimeoutMs');
    this.guard = new NavigationGuard(this.policy, prompts, this.notices, this.navigationTimeoutMs);
    this.actionTimeoutMs = positive(options.actionTimeoutMs ?? 5_000, 'actionTimeoutMs');
    const viewport = options.viewport ?? { width: 1024, height: 768 };
    if (!Number.isInteger(viewport.width) || !Number.isInteger(viewport.height) || viewport.width < 200 || viewport.height < 200 || viewport.width > 4096 || viewport.height > 4096) {
      throw new RangeError(`viewport must be whole numbers of pixels between 200 and 4096, got ${JSON.stringify(viewport)}.`);
    }
    this.viewport = viewport;
  }

  /** Finds the browser and loads playwright-core now, so that a missing one fails before any model call. */
  async check(): Promise<{ playwright: Playwright; executablePath: string }> {
    const playwright = await importOptional<Playwright>('playwright-core', BROWSER_FEATURE);
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
    await context.route('**/*', (route) => this.guard.route(route));
    context.on('page', (page) => {
      this.watch(page);
      // A page opened by another (target=_blank, window.open) becomes the one the agent works in, once it has loaded.
      if (!this.current || this.current === page) return;
      this.current = page;
      const loading = page
        .waitForLoadState('domcontentloaded', { timeout: this.navigationTimeoutMs })
        .catch(() => undefined)
        .then(() => this.notices.add(renderPrompt(this.prompts.notices.popup, { url: clip(page.url(), 300) })))
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
      this.notices.add(renderPrompt(this.prompts.notices.dialog, { type: dialog.type(), message: clip(dialog.message(), 300) }));
      // Leaving a page must stay possible; every other dialog is answered "no".
      void (dialog.type() === 'beforeunload' ? dialog.accept() : dialog.dismiss()).catch(() => undefined);
    });
    page.on('download', (download) => {
      const saving = handleDownload(download, this.options.downloadsDir, this.prompts, this.notices).finally(() => this.pending.delete(saving));
      this.pending.add(saving);
    });
    page.on('close', () => {
      if (this.current === page) this.current = this.context?.pages().at(-1);
    });
  }

  /** The model-facing reason a URL is refused. */
  refusal(url: string, decision: Exclude<PolicyDecision, { allowed: true }>): string {
    return this.guard.refusal(url, decision);
  }

  /** The navigation the policy refused since the last call, if any (see NavigationGuard.takeBlocked). */
  takeBlocked(inRedirectOnly = false): BlockedNavigation | undefined {
    return this.guard.takeBlocked(inRedirectOnly);
  }

  /** What happened in the browser since the last call. */
  takeNotices(): string[] {
    return this.notices.take();
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
    this.notices.take();
    this.guard.reset();
    this.pending.clear();
    await browser?.close().catch(() => undefined);
    await starting?.catch(() => undefined);
  }

  /** Whether Chromium is running now (for tests and diagnostics). */
  get connected(): boolean {
    return this.browser?.isConnected() ?? false;
  }
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

function positive(value: number, name: string): number {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive number of milliseconds, got ${String(value)}.`);
  return value;
}
