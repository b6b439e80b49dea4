import { parseArgs } from 'node:util';
import { CliUsageError } from './cli-errors.js';
import { describeParseError } from './usage-messages.js';
import { MODEL_HELP, MODEL_OPTIONS, modelOptionsOf, OUTPUT_HELP, OUTPUT_OPTIONS, outputOptionsOf, positiveInteger, type CliOptions } from './parse-arguments.js';

/** What the `webagent` command line asks for, validated. */
export interface WebAgentCliOptions
  extends Pick<CliOptions, 'modelType' | 'modelId' | 'apiBase' | 'apiKey' | 'provider' | 'stream' | 'json' | 'level' | 'record' | 'help' | 'version' | 'maxSteps' | 'maxTokensMemory' | 'instructions'> {
  task?: string | undefined;
  /** Show the browser window (default: headless). */
  headed: boolean;
  startUrl?: string | undefined;
  /** Origins the browser may visit (--allow, repeatable or comma-separated); empty: any. */
  allow: string[];
  browserPath?: string | undefined;
  /** Where downloads are saved; absent: downloads are refused. */
  downloads?: string | undefined;
}

const OPTIONS = {
  ...MODEL_OPTIONS,
  headed: { type: 'boolean' },
  'start-url': { type: 'string' },
  allow: { type: 'string', multiple: true },
  'browser-path': { type: 'string' },
  downloads: { type: 'string' },
  instructions: { type: 'string' },
  'max-steps': { type: 'string' },
  'max-tokens-memory': { type: 'string' },
  ...OUTPUT_OPTIONS,
} as const;

export function parseWebAgentArguments(argv: readonly string[]): WebAgentCliOptions {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new CliUsageError(describeParseError(error, Object.keys(OPTIONS).map((name) => `--${name}`), 'webagent'));
  }
  const { values, positionals } = parsed;
  const task = positionals.join(' ').trim();
  const options: WebAgentCliOptions = {
    ...(task === '' ? {} : { task }),
    ...modelOptionsOf(values),
    ...outputOptionsOf(values),
    headed: values.headed ?? false,
    allow: (values.allow ?? []).flatMap((value) => value.split(',')).map((value) => value.trim()).filter((value) => value !== ''),
    maxSteps: positiveInteger(values['max-steps'], '--max-steps'),
    maxTokensMemory: positiveInteger(values['max-tokens-memory'], '--max-tokens-memory'),
    ...(values['start-url'] !== undefined ? { startUrl: nonEmpty(values['start-url'], '--start-url') } : {}),
    ...(values['browser-path'] !== undefined ? { browserPath: nonEmpty(values['browser-path'], '--browser-path') } : {}),
    ...(values.downloads !== undefined ? { downloads: nonEmpty(values.downloads, '--downloads') } : {}),
    ...(values.instructions !== undefined ? { instructions: values.instructions } : {}),
  };
  if (options.task === undefined && !options.help && !options.version) throw new CliUsageError('webagent needs a task, e.g. webagent "go to example.com and find the opening hours" (see webagent --help).');
  return options;
}

function nonEmpty(value: string, flag: string): string {
  if (value.trim() === '') throw new CliUsageError(`${flag} needs a value.`);
  return value.trim();
}

export const WEBAGENT_HELP_TEXT = `Usage: webagent TASK [options]

Runs a web agent on TASK: an agent that thinks in code and drives a real Chromium (headless) with
browser tools (go_to, click, type_text, press, scroll, go_back, close_popups, find_on_page,
page_text), seeing a screenshot of the page after every step. Prints the final answer as the last
line on stdout; the step log goes to stderr.

${MODEL_HELP}
Browser
  --start-url URL          Open this page before the first step (the task says where the browser is)
  --allow ORIGINS          Only visit these origins, e.g. --allow https://example.com,https://*.example.com
                           (repeatable; default: any http(s) origin; file:, chrome: and other schemes never)
  --headed                 Show the browser window (default: headless)
  --browser-path PATH      Chromium or Chrome to use (default: /usr/bin/chromium and the usual places,
                           or SMOLAGENTS_CHROMIUM)
  --downloads DIR          Save downloads in DIR (default: downloads are refused)

Agent
  --max-steps N            Steps before the answer is asked for from memory (default 20)
  --max-tokens-memory N    Keep every model request within N tokens (screenshots are dropped first)
  --instructions TEXT      Added to the system prompt

${OUTPUT_HELP}
Exit codes: 0 answer printed, 1 configuration, browser or provider error, 2 bad command line, 130 interrupted.
`;
