/**
 * Where Chromium is: the `executablePath` option, then SMOLAGENTS_CHROMIUM, then the places
 * distributions and installers put it, then a browser Playwright downloaded. None found is an error
 * that says how to install one.
 */
import { accessSync, constants } from 'node:fs';

/** Chromium or Chrome could not be found; the message says how to install one or point at it. */
export class BrowserNotFoundError extends Error {
  override readonly name = 'BrowserNotFoundError';
}

/** Debian and Ubuntu, Fedora, snaps, Homebrew casks, macOS apps, Windows installs. */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/usr/lib/chromium/chromium',
  '/opt/google/chrome/chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export const INSTALL_HINT =
  'Install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; Fedora: `sudo dnf install chromium`; macOS: `brew install --cask chromium`), ' +
  'or run `npx playwright-core install chromium`, or pass the path of a Chromium or Chrome executable (`executablePath`, `--browser-path`, or SMOLAGENTS_CHROMIUM).';

export interface FindChromiumOptions {
  executablePath?: string | undefined;
  env?: Record<string, string | undefined>;
  /** Where Playwright's own downloaded Chromium would be (`chromium.executablePath()`), if known. */
  playwrightPath?: string | undefined;
  /** The places to look; default CHROMIUM_CANDIDATES. */
  candidates?: readonly string[] | undefined;
}

export function findChromium(options: FindChromiumOptions = {}): string {
  const explicit = options.executablePath ?? options.env?.['SMOLAGENTS_CHROMIUM'];
  if (explicit !== undefined) {
    if (typeof explicit !== 'string' || explicit.trim() === '') throw new BrowserNotFoundError(`The browser path is empty. ${INSTALL_HINT}`);
    if (!isExecutable(explicit)) throw new BrowserNotFoundError(`No executable browser at ${explicit}. ${INSTALL_HINT}`);
    return explicit;
  }
  const candidates = [...(options.candidates ?? CHROMIUM_CANDIDATES), ...(options.playwrightPath ? [options.playwrightPath] : [])];
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new BrowserNotFoundError(`No Chromium or Chrome found (looked in ${candidates.join(', ')}). ${INSTALL_HINT}`);
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
