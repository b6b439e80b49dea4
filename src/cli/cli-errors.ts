import { BrowserNotFoundError } from '../browser/find-chromium.js';
import { AgentAbortedError, AgentGenerationError, MissingDependencyError, ModelError } from '../errors.js';
import { ModelConfigurationError, UnknownModelTypeError } from '../models/model-factory.js';

/** A bad command line (unknown flag, bad value, unknown tool name): the user retypes it. Exit 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** Something the user can fix in their set-up (a tool module that exports no tools...). Exit 1. */
export class CliConfigurationError extends Error {
  override readonly name = 'CliConfigurationError';
}

export const EXIT_SUCCESS = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** 128 + SIGINT, what shells report for a command stopped by Ctrl-C. */
export const EXIT_INTERRUPTED = 130;

export interface FailureReport {
  /** One line, without the "smolagent: " prefix. */
  message: string;
  exitCode: number;
}

export interface FailureContext {
  /** The API base the model talks to, when known, to name it in "cannot reach" messages. */
  apiBase?: string | undefined;
  /** The --executor in use, to explain sandbox start-up failures. */
  executor?: string | undefined;
}

/** Network error codes that mean "nothing answers at that address". */
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET', 'ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * Turns any failure of a CLI run into one line that says what went wrong and what to do, and the
 * exit code. Errors are data (DESIGN §6): this is where they become text.
 */
export function describeFailure(error: unknown, context: FailureContext = {}): FailureReport {
  if (error instanceof CliUsageError || error instanceof UnknownModelTypeError) return { message: oneLine(error.message), exitCode: EXIT_USAGE };
  if (error instanceof CliConfigurationError || error instanceof ModelConfigurationError || error instanceof BrowserNotFoundError || error instanceof MissingDependencyError) {
    return { message: oneLine(error.message), exitCode: EXIT_FAILURE };
  }
  if (error instanceof AgentAbortedError) return { message: 'interrupted.', exitCode: EXIT_INTERRUPTED };
  const modelError = findCause(error, (cause): cause is ModelError => cause instanceof ModelError);
  if (modelError) return { message: oneLine(describeModelError(modelError, context)), exitCode: EXIT_FAILURE };
  const sandbox = describeSandboxFailure(error, context);
  if (sandbox) return { message: oneLine(sandbox), exitCode: EXIT_FAILURE };
  if (error instanceof AgentGenerationError) return { message: oneLine(error.message), exitCode: EXIT_FAILURE };
  const failure = error instanceof Error ? error : new Error(String(error));
  return { message: oneLine(`${failure.name}: ${failure.message}`), exitCode: EXIT_FAILURE };
}

function describeModelError(error: ModelError, context: FailureContext): string {
  const where = context.apiBase ?? 'the default endpoint';
  const code = networkCode(error);
  if (error.status === undefined && (code !== undefined || /could not reach|connection error|fetch failed/i.test(error.message))) {
    const detail = code ?? error.message.replace(/^Could not reach the model server:\s*/i, '');
    return `Cannot reach the API at ${where} (${detail}) — check --api-base (or OPENAI_BASE_URL) and that the server is running.`;
  }
  if (/^Could not create the .* client/.test(error.message)) {
    return `${error.message} — pass --api-key or set the provider's API key variable (e.g. OPENAI_API_KEY, HF_TOKEN).`;
  }
  const provider = error.providerMessage ?? error.message;
  if (error.status === 401 || error.status === 403) {
    return `The API at ${where} refused the credentials (${error.status}): ${provider} — check --api-key or the key in your environment.`;
  }
  if (error.status === 404) {
    return `The API at ${where} answered 404: ${provider} — check --model-id and --api-base.`;
  }
  if (error.status === 429) return `The API at ${where} is rate-limiting requests (429): ${provider} — wait and retry.`;
  return `The model provider failed${error.status ? ` (${error.status})` : ''}: ${provider}`;
}

/** The remote sandboxes fail first at start-up: no engine, no credentials. Say which and what to do. */
function describeSandboxFailure(error: unknown, context: FailureContext): string | undefined {
  const failure = error as { code?: unknown; address?: unknown; message?: unknown };
  if (context.executor === 'docker' && typeof failure.code === 'string' && ['ENOENT', 'ECONNREFUSED', 'EACCES'].includes(failure.code)) {
    const where = typeof failure.address === 'string' ? failure.address : 'the Docker socket';
    return `Cannot reach the Docker engine at ${where} (${failure.code}) — start Docker (or Podman's API service) or set DOCKER_HOST.`;
  }
  if (context.executor === 'e2b' && /api key/i.test(String(failure.message ?? ''))) {
    return 'The e2b executor needs an E2B API key — set E2B_API_KEY (keys: https://e2b.dev/dashboard?tab=keys).';
  }
  return undefined;
}

/** Walks `error.cause` links (at most a few) for the first one `match` accepts. */
function findCause<T>(error: unknown, match: (cause: unknown) => cause is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== undefined && current !== null; depth++) {
    if (match(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function networkCode(error: unknown): string | undefined {
  const found = findCause(error, (cause): cause is { code: string } => {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' && UNREACHABLE_CODES.has(code);
  });
  return found?.code;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
