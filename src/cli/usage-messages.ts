/**
 * The CLI's words for a mistyped command line: Node's `parseArgs` errors rewritten as one line that
 * says what to type instead, with the nearest known name for a misspelt one.
 */
import { didYouMean } from '../nearest-name.js';

interface ParseArgsError {
  code?: unknown | undefined;
  message?: unknown | undefined;
}

/**
 * One line for a `parseArgs` failure. `flags` are the known long flags with their dashes
 * (`--model-id`), for suggestions; `command` is the one whose --help is pointed at.
 */
export function describeParseError(error: unknown, flags: readonly string[], command = 'smolagent'): string {
  const { code, message } = (error ?? {}) as ParseArgsError;
  const text = typeof message === 'string' ? message : String(error);
  const option = /^(?:Unknown option|Option) '([^' ]+)/.exec(text)?.[1];
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && option) {
    return `Unknown option '${option}'.${didYouMean(option.split('=')[0]!, flags)} (see ${command} --help)`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && option) {
    if (/does not take an argument/.test(text)) return `${option} takes no value (see ${command} --help).`;
    // "argument missing" (last word) or "ambiguous" (the next word is another flag).
    return `${option} needs a value, e.g. ${option} ${EXAMPLE_VALUES[option] ?? 'VALUE'} (a value starting with '-' is written ${option}=-…).`;
  }
  return `${text.split('\n')[0]} (see ${command} --help)`;
}

const EXAMPLE_VALUES: Record<string, string> = {
  '--model-id': 'gpt-4o-mini',
  '--model-type': 'OpenAIServerModel',
  '--api-base': 'http://localhost:11434/v1',
  '--api-key': 'sk-…',
  '--provider': 'together',
  '--agent-type': 'tool-calling',
  '--tools': 'web_search',
  '--imports': '"lodash-es date-fns"',
  '--executor': 'pyodide',
  '--instructions': '"Answer in French."',
  '--planning-interval': '3',
  '--max-steps': '10',
  '--record': 'run.jsonl',
  '--start-url': 'https://example.com',
  '--allow': 'https://example.com,https://*.example.com',
  '--browser-path': '/usr/bin/chromium',
  '--downloads': './downloads',
};

