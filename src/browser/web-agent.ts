/**
 * The web agent: a CodeAgent whose code drives a real Chromium through the browser tools, and which
 * is shown a screenshot of the page and its URL after every step (only the last two steps' screenshots
 * are sent). One browser per run: launched when the run starts, closed when it ends, however it ends
 * (an answer, an error, an abort).
 */
import { CodeAgent, type CodeAgentOptions } from '../agents/code-agent.js';
import type { AgentEvent } from '../agents/events.js';
import type { StepCallback } from '../agents/multi-step-agent.js';
import type { RunOptions, RunResult } from '../agents/run-result.js';
import type { AgentOutput } from '../agents/output-schema.js';
import { LocalJsExecutor } from '../executors/quickjs/local-js-executor.js';
import type { ActionStep, PlanningStep } from '../memory/steps.js';
import { renderPrompt } from '../prompts/template.js';
import { mergeWebAgentPrompts, type WebAgentPromptOverrides, type WebAgentPrompts } from '../prompts/web-agent.js';
import { SharedFolderError } from '../sharing/sharing-errors.js';
import type { SchemaInput } from '../tools/schema/schema-types.js';
import type { BrowserSessionOptions } from './browser-options.js';
import { BrowserSession } from './browser-session.js';
import { clip } from './notices.js';
import { createBrowserTools } from './browser-tools.js';
import { normalizeUrl } from './navigation-tools.js';

export interface WebAgentOptions<OutputSchema extends SchemaInput | undefined = SchemaInput | undefined>
  extends CodeAgentOptions<OutputSchema>,
    BrowserSessionOptions {
  /** A page to open before the first step; the task says so (the screenshots start after step 1, like every step's). */
  startUrl?: string | undefined;
  /** The longest page_text() result, in characters. Default 12,000. */
  pageTextMaxChars?: number | undefined;
  /** Overrides for the browsing instructions, tool descriptions and messages (see `webAgentPrompts`). */
  browserPrompts?: WebAgentPromptOverrides | undefined;
}

const NOT_SAVED = 'A WebAgent cannot be saved or pushed: its browser tools drive a Chromium in this process. Build it with createWebAgent(options) where it runs.';

/** How long one code action may take, browser actions included (page loads are slow; the sandbox default is 30 s). */
const ACTION_TIMEOUT_MS = 120_000;

export class WebAgent<const OutputSchema extends SchemaInput | undefined = undefined> extends CodeAgent<OutputSchema> {
  readonly startUrl?: string | undefined;
  readonly browserPrompts: WebAgentPrompts;
  private readonly session: BrowserSession;

  constructor(options: WebAgentOptions<OutputSchema>) {
    const prompts = mergeWebAgentPrompts(options.browserPrompts);
    const session = new BrowserSession(options, prompts);
    const startUrl = options.startUrl === undefined ? undefined : checkStartUrl(options.startUrl, session);
    let agent: WebAgent<OutputSchema> | undefined;
    const observePage: StepCallback = (step) => agent!.observePage(step);
    super({
      ...options,
      tools: [...createBrowserTools(session, { pageTextMaxChars: options.pageTextMaxChars }), ...(options.tools ?? [])],
      instructions: [prompts.instructions, options.instructions].filter((text) => text).join('\n\n'),
      // The page after this step goes in before any callback of the user's runs, so that they see it too.
      stepCallbacks: [observePage, ...(options.stepCallbacks ?? [])],
      observationImageSteps: options.observationImageSteps ?? 2,
      executor: options.executor ?? new LocalJsExecutor({ timeoutMs: ACTION_TIMEOUT_MS, additionalAuthorizedImports: options.additionalAuthorizedImports }),
    });
    agent = this;
    this.session = session;
    this.startUrl = startUrl;
    this.browserPrompts = prompts;
  }

  /** One browser for the run: checked before any model call, closed however the run ends. */
  override async *stream(task: string, options: RunOptions = {}): AsyncGenerator<AgentEvent, RunResult<AgentOutput<OutputSchema>>> {
    try {
      await this.session.check();
      let runTask = task;
      if (this.startUrl) {
        const opened = await this.openStartPage(options.signal);
        runTask = `${task}\n\n${renderPrompt(this.browserPrompts.startPage, opened)}`;
      } else {
        // Chromium starts while the model thinks; the first browser action waits for it.
        this.session.start().catch(() => undefined);
      }
      return yield* super.stream(runTask, options);
    } finally {
      await this.session.close();
    }
  }

  /** What go_to said about the start page: where the browser is, or the HTTP error it got. */
  private async openStartPage(signal: AbortSignal | undefined): Promise<{ url: string; result: string }> {
    const result = (await this.tools['go_to']!.call({ url: this.startUrl }, { signal })) as string;
    return { url: this.startUrl!, result };
  }

  /** After each step: the page's URL and title (and what the browser did meanwhile) join the observations, its screenshot the images. */
  private async observePage(step: ActionStep | PlanningStep): Promise<void> {
    if (step.type !== 'action' || step.isFinalAnswer || !this.session.started) return;
    const { pageState, noScreenshot, httpStatusFragment } = this.browserPrompts;
    let line: string;
    try {
      const state = await this.session.state();
      const status = state.status !== undefined && state.status >= 400 ? renderPrompt(httpStatusFragment, { status: state.status }) : '';
      line = state.screenshot
        ? renderPrompt(pageState, { url: clip(state.url, 300), title: state.title, status })
        : renderPrompt(noScreenshot, { url: clip(state.url, 300), reason: state.screenshotError ?? '' });
      if (state.screenshot) step.observationImages = [...(step.observationImages ?? []), state.screenshot];
    } catch (error) {
      line = renderPrompt(noScreenshot, { url: '', reason: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
    }
    step.observations = [step.observations, ...this.session.takeNotices(), line].filter((part) => part).join('\n');
  }

  /** Whether this agent's Chromium is running (between the start and the end of a run). */
  get browserRunning(): boolean {
    return this.session.connected;
  }

  /**
   * Not saved: its browser tools drive this process's Chromium, which no folder can hold, and a
   * folder loaded back would be a plain CodeAgent without the browser.
   */
  override save(_directory: string): Promise<void> {
    return Promise.reject(new SharedFolderError(NOT_SAVED));
  }

  override pushToHub(_repoId: string): Promise<never> {
    return Promise.reject(new SharedFolderError(NOT_SAVED));
  }

  override async dispose(): Promise<void> {
    await this.session.close();
    await super.dispose();
  }
}

/** The library's entry point for the web agent, as `webagent` on the command line builds it. */
export function createWebAgent<const OutputSchema extends SchemaInput | undefined = undefined>(options: WebAgentOptions<OutputSchema>): WebAgent<OutputSchema> {
  return new WebAgent(options);
}

function checkStartUrl(url: string, session: BrowserSession): string {
  if (typeof url !== 'string' || url.trim() === '') throw new TypeError('startUrl must be a URL, e.g. "https://example.com".');
  const normal = normalizeUrl(url);
  const decision = session.policy.check(normal);
  if (!decision.allowed) throw new TypeError(`startUrl: ${session.refusal(normal, decision)}`);
  return decision.url.href;
}

