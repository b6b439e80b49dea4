/**
 * A local HTTP server speaking the Hugging Face Hub endpoints that `@huggingface/hub` calls (read
 * from its source, node_modules/@huggingface/hub/src/lib): whoami-v2, repos/create, preupload,
 * commit (NDJSON: a header line, then one line per file or deletion), commits, tree, and
 * resolve (with `Range: bytes=…` answered 206 as the Hub does). Repositories live in memory, each a
 * list of commits, so that revisions, parent-commit checks (412) and deletions behave as on the Hub.
 *
 * Access follows the Hub: an unknown token is 401; a missing or private repository is 401 for an
 * anonymous request and 404 for an authenticated one (X-Error-Code: RepoNotFound); writing to
 * another user's repository is 403; a missing file is 404 with X-Error-Code: EntryNotFound.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubCommit {
  oid: string;
  title: string;
  files: Map<string, Buffer>;
}

export interface HubRepository {
  type: 'model' | 'space';
  id: string;
  owner: string;
  private: boolean;
  commits: HubCommit[];
}

export interface HubRequest {
  method: string;
  path: string;
  authorization?: string | undefined;
}

export interface HubWireServer {
  url: string;
  requests: HubRequest[];
  repos: Map<string, HubRepository>;
  /** The files at a repository's head, as text. */
  files(repoId: string, type?: 'model' | 'space'): Map<string, string>;
  /** Commits files as another user would, moving the head (to provoke a conflict). */
  commitAsOther(repoId: string, files: Record<string, string>, type?: 'model' | 'space'): void;
  /** Called when a commit request arrives, before the parent check: a test can race it. */
  beforeCommit?: ((repoId: string) => void) | undefined;
  close(): Promise<void>;
}

export async function startHubWireServer(options: { tokens: Record<string, string> }): Promise<HubWireServer> {
  const repos = new Map<string, HubRepository>();
  const requests: HubRequest[] = [];
  let counter = 0;
  const key = (type: string, id: string) => `${type}:${id}`;
  const newOid = (seed: string) => createHash('sha1').update(`${seed}:${++counter}`).digest('hex');

  const state: HubWireServer = {
    url: '',
    requests,
    repos,
    files(repoId, type = 'model') {
      const repo = repos.get(key(type, repoId));
      if (!repo) throw new Error(`no repository ${repoId}`);
      return new Map([...repo.commits.at(-1)!.files].map(([path, bytes]) => [path, bytes.toString('utf8')]));
    },
    commitAsOther(repoId, files, type = 'model') {
      const repo = repos.get(key(type, repoId))!;
      const next = new Map(repo.commits.at(-1)!.files);
      for (const [path, text] of Object.entries(files)) next.set(path, Buffer.from(text));
      repo.commits.push({ oid: newOid(repoId), title: 'Commit by someone else', files: next });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { error: `hub wire server failure: ${String(error)}` }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://hub.local');
    requests.push({ method: req.method ?? 'GET', path: `${url.pathname}${url.search}`, ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const auth = authenticate(req);
    if (auth === 'invalid') return send(res, 401, { error: 'Invalid credentials in Authorization header' });
    const user = auth;

    if (req.method === 'GET' && url.pathname === '/api/whoami-v2') {
      if (!user) return send(res, 401, { error: 'Invalid credentials in Authorization header' });
      return send(res, 200, {
        type: 'user', id: `id-${user}`, name: user, fullname: user, email: `${user}@example.test`, emailVerified: true, isPro: false, orgs: [],
        canPay: false, avatarUrl: '', periodEnd: null, billingMode: 'prepaid',
        auth: { type: 'access_token', accessToken: { displayName: 'test token', role: 'write', createdAt: new Date(0).toISOString() } },
      });
    }
    if (req.method === 'POST' && url.pathname === '/api/repos/create') {
      if (!user) return send(res, 401, { error: 'Invalid credentials in Authorization header' });
      const request = JSON.parse(body.toString('utf8')) as { name: string; organization?: string; type?: string; visibility?: string };
      const type = request.type === 'space' ? 'space' : 'model';
      const id = `${request.organization ?? user}/${request.name}`;
      if ((request.organization ?? user) !== user) return send(res, 403, { error: `You don't have the rights to create a ${type} under this namespace` });
      if (repos.has(key(type, id))) return send(res, 409, { error: `You already created this ${type} repo`, url: `${state.url}/${id}` });
      const initial = new Map([['.gitattributes', Buffer.from('*.bin filter=lfs diff=lfs merge=lfs -text\n')]]);
      repos.set(key(type, id), { type, id, owner: user, private: request.visibility === 'private', commits: [{ oid: newOid(id), title: 'initial commit', files: initial }] });
      return send(res, 200, { url: `${state.url}/${type === 'space' ? 'spaces/' : ''}${id}`, name: id, id: `repo-${counter}` });
    }

    const api = /^\/api\/(models|spaces)\/([^/]+)\/([^/]+)\/(preupload|commit|commits|tree)\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    if (api) {
      const [, plural, namespace, name, action, revision, rest] = api;
      const type = plural === 'spaces' ? 'space' : 'model';
      const repo = findRepo(res, type, `${namespace}/${name}`, user);
      if (!repo) return;
      if (action === 'preupload' || action === 'commit') {
        if (!user) return send(res, 401, { error: 'Invalid credentials in Authorization header' });
        if (repo.owner !== user) return send(res, 403, { error: 'You are not allowed to push to this repository' });
      }
      if (action === 'preupload') {
        const { files } = JSON.parse(body.toString('utf8')) as { files: { path: string }[] };
        return send(res, 200, { files: files.map((file) => ({ path: file.path, uploadMode: 'regular', shouldIgnore: false })) });
      }
      if (action === 'commit') return commit(res, repo, decodeURIComponent(revision!), body);
      const commits = history(repo, decodeURIComponent(revision!));
      if (!commits) return send(res, 404, { error: `Invalid rev id: ${revision}` }, { 'X-Error-Code': 'RevisionNotFound' });
      if (action === 'commits') {
        const limit = Number(url.searchParams.get('limit') ?? 100);
        return send(res, 200, commits.slice(0, limit).map((item) => ({ id: item.oid, title: item.title, message: item.title, authors: [{ user: repo.owner, avatar: '' }], date: new Date(0).toISOString() })));
      }
      return send(res, 200, tree(commits[0]!, rest ? decodeURIComponent(rest) : '', url.searchParams.get('recursive') === 'true'));
    }

    const resolve = /^\/(?:(spaces)\/)?([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (resolve && req.method === 'GET') {
      const [, spaces, namespace, name, revision, path] = resolve;
      const repo = findRepo(res, spaces ? 'space' : 'model', `${namespace}/${name}`, user);
      if (!repo) return;
      const commits = history(repo, decodeURIComponent(revision!));
      if (!commits) return send(res, 404, { error: 'Revision not found' }, { 'X-Error-Code': 'RevisionNotFound' });
      const file = commits[0]!.files.get(decodeURIComponent(path!));
      if (!file) return send(res, 404, { error: 'Entry not found' }, { 'X-Error-Code': 'EntryNotFound' });
      return sendFile(req, res, file, commits[0]!.oid);
    }
    return send(res, 404, { error: `hub wire server: no route for ${req.method} ${url.pathname}` });
  }

  function authenticate(req: IncomingMessage): string | undefined | 'invalid' {
    const header = req.headers.authorization;
    if (!header) return undefined;
    const token = /^Bearer (.+)$/.exec(header)?.[1];
    return (token && options.tokens[token]) || 'invalid';
  }

  function findRepo(res: ServerResponse, type: 'model' | 'space', id: string, user: string | undefined): HubRepository | undefined {
    const repo = repos.get(key(type, id));
    if (repo && (!repo.private || repo.owner === user)) return repo;
    // As on the Hub: a private repository looks missing, and an anonymous caller is told to log in.
    if (user) send(res, 404, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
    else send(res, 401, { error: 'Repository not found' }, { 'X-Error-Code': 'RepoNotFound' });
    return undefined;
  }

  function commit(res: ServerResponse, repo: HubRepository, revision: string, body: Buffer): void {
    if (revision !== 'main') return send(res, 404, { error: `Invalid rev id: ${revision}` });
    state.beforeCommit?.(repo.id);
    const lines = body.toString('utf8').split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as { key: string; value: any });
    const header = lines.find((line) => line.key === 'header')?.value as { summary?: string; parentCommit?: string } | undefined;
    if (!header?.summary) return send(res, 400, { error: 'The commit needs a header line with a summary' });
    const head = repo.commits.at(-1)!;
    if (header.parentCommit && header.parentCommit !== head.oid) return send(res, 412, { error: 'A commit has happened since. Please refresh and try again.' });
    const files = new Map(head.files);
    for (const { key: kind, value } of lines) {
      if (kind === 'file') files.set(value.path, Buffer.from(value.content, value.encoding === 'base64' ? 'base64' : 'utf8'));
      else if (kind === 'deletedFile') {
        if (!files.delete(value.path)) return send(res, 404, { error: `File not found: ${value.path}` });
      } else if (kind === 'lfsFile') return send(res, 400, { error: 'LFS files are not supported by the test server' });
    }
    const oid = newOid(repo.id);
    repo.commits.push({ oid, title: header.summary, files });
    send(res, 200, { success: true, commitOid: oid, commitUrl: `${state.url}/${repo.id}/commit/${oid}`, hookOutput: '' });
  }

  /** The commits reachable from a revision, newest first; undefined when the revision is unknown. */
  function history(repo: HubRepository, revision: string): HubCommit[] | undefined {
    const index = revision === 'main' || revision === 'HEAD' ? repo.commits.length - 1 : repo.commits.findIndex((item) => item.oid === revision);
    return index < 0 ? undefined : repo.commits.slice(0, index + 1).reverse();
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}

function tree(commit: HubCommit, base: string, recursive: boolean) {
  const prefix = base ? `${base}/` : '';
  const entries = new Map<string, { type: 'file' | 'directory'; oid: string; size: number; path: string }>();
  for (const [path, bytes] of commit.files) {
    if (!path.startsWith(prefix)) continue;
    const parts = path.slice(prefix.length).split('/');
    const depth = recursive ? parts.length : 1;
    for (let level = 1; level <= depth; level++) {
      const entryPath = prefix + parts.slice(0, level).join('/');
      const isFile = level === parts.length;
      entries.set(entryPath, {
        type: isFile ? 'file' : 'directory',
        oid: createHash('sha1').update(isFile ? bytes : entryPath).digest('hex'),
        size: isFile ? bytes.length : 0,
        path: entryPath,
      });
    }
  }
  return [...entries.values()];
}

function sendFile(req: IncomingMessage, res: ServerResponse, bytes: Buffer, commitOid: string): void {
  const headers = { ETag: `"${createHash('sha1').update(bytes).digest('hex')}"`, 'X-Repo-Commit': commitOid, 'Content-Type': 'application/octet-stream' };
  const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
  if (!range || bytes.length === 0) {
    res.writeHead(200, { ...headers, 'Content-Length': bytes.length });
    res.end(bytes);
    return;
  }
  const start = Number(range[1]);
  const end = range[2] ? Math.min(Number(range[2]), bytes.length - 1) : bytes.length - 1;
  const slice = bytes.subarray(start, end + 1);
  res.writeHead(206, { ...headers, 'Content-Range': `bytes ${start}-${end}/${bytes.length}`, 'Content-Length': slice.length });
  res.end(slice);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
