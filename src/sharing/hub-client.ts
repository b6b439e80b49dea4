import { importOptional } from '../optional-dependency.js';
import { HubError, type HubFailure } from './sharing-errors.js';

/** How to reach the Hub; shared by pushing and loading. */
export interface HubOptions {
  /** An access token (`hf_…`). Default: `HF_TOKEN`. Pushing needs one with write access. */
  token?: string | undefined;
  /** The Hub's URL. Default: `HF_ENDPOINT` (as the Python client reads it), else https://huggingface.co. */
  hubUrl?: string | undefined;
  /** The kind of repository. Default 'model'. */
  repoType?: 'model' | 'space' | undefined;
  /** Where HF_TOKEN and HF_ENDPOINT are read. Default: process.env. */
  env?: NodeJS.ProcessEnv | undefined;
}

export const DEFAULT_HUB_URL = 'https://huggingface.co';

type Repo = { type: 'model' | 'space'; name: string };
type Credentials = { accessToken?: string; hubUrl: string };

/**
 * The part of `@huggingface/hub` used here, typed locally so that the library's public types never
 * name the optional package (it is loaded on first use).
 */
export interface HubApi {
  whoAmI(params: { accessToken?: string; hubUrl: string }): Promise<{ name: string }>;
  createRepo(params: Credentials & { repo: Repo; visibility?: 'public' | 'private'; sdk?: 'static' }): Promise<{ repoUrl: string }>;
  listCommits(params: Credentials & { repo: Repo; revision: string; batchSize: number }): AsyncGenerator<{ oid: string }>;
  listFiles(params: Credentials & { repo: Repo; revision: string; recursive: boolean }): AsyncGenerator<{ type: string; path: string; size: number }>;
  commit(params: Credentials & {
    repo: Repo;
    title: string;
    parentCommit?: string | undefined;
    operations: ({ operation: 'addOrUpdate'; path: string; content: Blob } | { operation: 'delete'; path: string })[];
    abortSignal?: AbortSignal | undefined;
  }): Promise<{ commit: { oid: string; url: string } } | undefined>;
  downloadFile(params: Credentials & { repo: Repo; path: string; revision: string }): Promise<Blob | null>;
}

/** A repository on a Hub, with the credentials to use for it. */
export interface HubConnection {
  api: HubApi;
  repo: Repo;
  /** "namespace/name" as given (the namespace may be filled in later from the token's owner). */
  repoId: string;
  credentials: Credentials;
}

const REPO_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$/;

/** Checks the options, loads `@huggingface/hub` and says how to reach `repoId`. */
export async function connectHub(repoId: string, options: HubOptions, { needsToken }: { needsToken: boolean }): Promise<HubConnection> {
  const env = options.env ?? process.env;
  const parts = typeof repoId === 'string' ? repoId.split('/') : [];
  if (parts.length < 1 || parts.length > 2 || !parts.every((part) => REPO_PART.test(part)) || (!needsToken && parts.length !== 2)) {
    throw new HubError(`'${String(repoId)}' is not a Hub repository id: use "namespace/name" (letters, digits, '.', '_', '-').`, 'request', String(repoId));
  }
  const hubUrl = checkHubUrl(options.hubUrl ?? env.HF_ENDPOINT ?? DEFAULT_HUB_URL, repoId);
  const accessToken = options.token ?? (env.HF_TOKEN || undefined);
  if (accessToken !== undefined && !accessToken.startsWith('hf_')) {
    throw new HubError(`The Hub token must start with 'hf_' (check the token option or HF_TOKEN).`, 'authentication', repoId);
  }
  if (needsToken && !accessToken) {
    throw new HubError(`Pushing to the Hub needs a token with write access: pass { token } or set HF_TOKEN.`, 'authentication', repoId);
  }
  const repoType = options.repoType ?? 'model';
  if (repoType !== 'model' && repoType !== 'space') throw new HubError(`repoType must be 'model' or 'space', got '${String(repoType)}'.`, 'request', repoId);
  const api = await importOptional<HubApi>('@huggingface/hub', 'Sharing on the Hugging Face Hub');
  return { api, repo: { type: repoType, name: repoId }, repoId, credentials: { hubUrl, ...(accessToken ? { accessToken } : {}) } };
}

function checkHubUrl(value: string, repoId: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new HubError(`The Hub URL '${value}' (hubUrl or HF_ENDPOINT) is not a URL.`, 'request', repoId);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HubError(`The Hub URL '${value}' (hubUrl or HF_ENDPOINT) must be http(s).`, 'request', repoId);
  return value.replace(/\/+$/, '');
}

/** The commit a revision ("main", a tag, a commit id) points to now; undefined for a repository without commits. */
export async function headCommit(hub: HubConnection, revision: string): Promise<string | undefined> {
  for await (const commit of hub.api.listCommits({ ...hub.credentials, repo: hub.repo, revision, batchSize: 1 })) return commit.oid;
  return undefined;
}

/**
 * Turns a failure of `@huggingface/hub` (an HTTP status, a network error) into a HubError that says
 * what the user can do. `doing` completes "while <doing> <repo>", e.g. "downloading agent.json from".
 */
export function hubFailure(error: unknown, hub: Pick<HubConnection, 'repoId' | 'credentials'>, doing: string): HubError {
  if (error instanceof HubError) return error;
  const status = (error as { statusCode?: unknown }).statusCode;
  const detail = String((error as Error)?.message ?? error).replace(/\.\s*URL: .*$/s, '');
  const { hubUrl, accessToken } = hub.credentials;
  const action = `${doing} ${hub.repoId} on ${hubUrl}`;
  const fail = (message: string, failure: HubFailure) => new HubError(message, failure, hub.repoId, typeof status === 'number' ? status : undefined, { cause: error });
  if (typeof status !== 'number') return fail(`Cannot reach the Hub at ${hubUrl} while ${doing} ${hub.repoId}: ${detail}`, 'request');
  switch (status) {
    case 401:
      return accessToken
        ? fail(`The Hub rejected the token (401) while ${action}: ${detail}. Check the token option or HF_TOKEN.`, 'authentication')
        : fail(`The Hub answered 401 while ${action}: the repository does not exist, or it is private and needs a token (pass { token } or set HF_TOKEN).`, 'authentication');
    case 403:
      return fail(`The token is not allowed to do this (403) while ${action}: ${detail}.`, 'authentication');
    case 404:
      return fail(`${hub.repoId} was not found on ${hubUrl} (404): check the repository id${accessToken ? '' : ', or pass a token if it is private'}.`, 'not_found');
    case 409:
    case 412:
      return fail(`Someone else committed to ${hub.repoId} while this push was prepared (${status}): ${detail}`, 'conflict');
    default:
      return fail(`The Hub failed (${status}) while ${action}: ${detail}`, 'request');
  }
}
