import { connectHub, headCommit, hubFailure, type HubConnection, type HubOptions } from './hub-client.js';
import { HubError } from './sharing-errors.js';

export interface PushToHubOptions extends HubOptions {
  /** Create the repository as private (default: the account's default visibility). */
  private?: boolean | undefined;
  commitMessage?: string | undefined;
  signal?: AbortSignal | undefined;
}

export interface PushResult {
  /** "namespace/name": the namespace is the token's owner when the id had none. */
  repoId: string;
  commitUrl: string;
}

/** Tries this many times when someone else commits between reading the repository and committing. */
const COMMIT_ATTEMPTS = 3;

/**
 * Uploads a folder's files (made once the full repository id is known) as one commit: creates the
 * repository if needed, and deletes the files of a previous push that the folder no longer has.
 * The commit names the head it was prepared against, so a concurrent push is detected (the Hub
 * answers 412) rather than merged blindly; the push then starts over from the new head, a few
 * times at most.
 */
export async function pushFilesToHub(
  repoId: string,
  makeFiles: (fullRepoId: string) => Promise<ReadonlyMap<string, string>>,
  options: PushToHubOptions,
  defaultMessage: string,
): Promise<PushResult> {
  options.signal?.throwIfAborted();
  const connection = await connectHub(repoId, options, { needsToken: true });
  const hub = await withNamespace(connection);
  // Built before the repository is touched: a tool that cannot be saved fails the push at once.
  const files = await makeFiles(hub.repoId);
  await ensureRepository(hub, options.private);
  const title = options.commitMessage ?? defaultMessage;
  let lastConflict: HubError | undefined;
  for (let attempt = 1; attempt <= COMMIT_ATTEMPTS; attempt++) {
    options.signal?.throwIfAborted();
    const head = await call(hub, 'reading', () => headCommit(hub, 'main'));
    const stale = head ? await call(hub, 'listing the files of', () => staleFiles(hub, head, files)) : [];
    try {
      const output = await hub.api.commit({
        ...hub.credentials,
        repo: hub.repo,
        title,
        ...(head ? { parentCommit: head } : {}),
        operations: [
          ...[...files].map(([path, text]) => ({ operation: 'addOrUpdate' as const, path, content: new Blob([text]) })),
          ...stale.map((path) => ({ operation: 'delete' as const, path })),
        ],
        ...(options.signal ? { abortSignal: options.signal } : {}),
      });
      return { repoId: hub.repoId, commitUrl: output?.commit.url ?? '' };
    } catch (error) {
      const failure = hubFailure(error, hub, 'committing to');
      if (failure.failure !== 'conflict') throw failure;
      lastConflict = failure;
    }
  }
  throw new HubError(
    `${lastConflict!.message} It kept changing during ${COMMIT_ATTEMPTS} attempts: push again once the other pushes are done.`,
    'conflict',
    hub.repoId,
    lastConflict!.status,
    { cause: lastConflict },
  );
}

/** "my-agent" → "<token owner>/my-agent", as the Python client does. */
async function withNamespace(hub: HubConnection): Promise<HubConnection> {
  if (hub.repoId.includes('/')) return hub;
  const { name } = await call(hub, 'asking who owns the token for', () => hub.api.whoAmI(hub.credentials));
  const repoId = `${name}/${hub.repoId}`;
  return { ...hub, repoId, repo: { ...hub.repo, name: repoId } };
}

async function ensureRepository(hub: HubConnection, isPrivate: boolean | undefined): Promise<void> {
  try {
    await hub.api.createRepo({
      ...hub.credentials,
      repo: hub.repo,
      ...(isPrivate === undefined ? {} : { visibility: isPrivate ? 'private' : 'public' }),
      ...(hub.repo.type === 'space' ? { sdk: 'static' as const } : {}),
    });
  } catch (error) {
    // 409: the repository exists already, which is what a second push expects.
    if ((error as { statusCode?: unknown }).statusCode !== 409) throw hubFailure(error, hub, 'creating');
  }
}

/**
 * Files of an earlier push that the new folder no longer has: a renamed tool's module, a removed
 * managed agent. Only files of the saved-folder layout go; others (a LICENSE, images the README
 * shows, the Hub's .gitattributes) are the owner's and stay.
 */
async function staleFiles(hub: HubConnection, head: string, files: ReadonlyMap<string, string>): Promise<string[]> {
  const stale: string[] = [];
  for await (const entry of hub.api.listFiles({ ...hub.credentials, repo: hub.repo, revision: head, recursive: true })) {
    if (entry.type === 'file' && isFolderLayoutFile(entry.path) && !files.has(entry.path)) stale.push(entry.path);
  }
  return stale;
}

function isFolderLayoutFile(path: string): boolean {
  if (path.startsWith('tools/') || path.startsWith('managed_agents/')) return true;
  return !path.includes('/') && (['agent.json', 'tool.json', 'README.md'].includes(path) || /\.(?:m?js|m?ts)$/.test(path));
}

async function call<T>(hub: HubConnection, doing: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw hubFailure(error, hub, doing);
  }
}
