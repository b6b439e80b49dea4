/**
 * The browser's options and the types it hands out, apart from the session so that the public
 * declarations name nothing of playwright-core (an optional peer dependency).
 */
import type { ImagePart } from '../models/model.js';
import type { OriginPolicyOptions } from './origin-policy.js';

/** The browser tools' names, fixed so that users and tests can rely on them, in the order the model sees them. */
export const BROWSER_TOOL_NAMES = ['go_to', 'click', 'type_text', 'press', 'scroll', 'go_back', 'close_popups', 'find_on_page', 'page_text'] as const;

/** Headless Chromium without a sandbox user namespace, GPU, background traffic or first-run UI. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'];

export interface BrowserSessionOptions extends OriginPolicyOptions {
  /** Chromium or Chrome to run; default: found at /usr/bin/chromium and the usual places (see `findChromium`). */
  executablePath?: string | undefined;
  /** Default true. */
  headless?: boolean | undefined;
  /** Where downloads are saved. Absent: downloads are refused. */
  downloadsDir?: string | undefined;
  /** Default 1024 × 768: a screenshot of it costs ~1,000 input tokens. */
  viewport?: { width: number; height: number } | undefined;
  /** Longest wait for a page to load. Default 20 s. */
  navigationTimeoutMs?: number | undefined;
  /** Longest wait for an element to be ready for a click or typing. Default 5 s. */
  actionTimeoutMs?: number | undefined;
  /** Let Playwright close the browser and exit on Ctrl-C (default true); false when the caller handles SIGINT itself, as the CLI does. */
  handleSignals?: boolean | undefined;
  /** Environment for SMOLAGENTS_CHROMIUM; default process.env. */
  env?: Record<string, string | undefined> | undefined;
}

/** Where the page is, for the step's observation. */
export interface PageState {
  url: string;
  title: string;
  /** The HTTP status of the page's last load, when it came from the network. */
  status?: number | undefined;
  screenshot?: ImagePart | undefined;
  /** Why there is no screenshot. */
  screenshotError?: string | undefined;
}

/** A failure the model can act on: its message is the observation. */
export class BrowserActionError extends Error {
  override readonly name = 'BrowserActionError';
}

