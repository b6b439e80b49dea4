import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Context, Hono } from 'hono';
import { renderPage } from './ui-page.js';
import { SessionBusyError, UiSession, type AgentFactory } from './ui-session.js';
import { formatBytes, readUploads, tooLarge, UploadError, UPLOADS_KEY } from './uploads.js';

export type { AgentFactory } from './ui-session.js';

export interface AgentUiOptions {
  /** Default 7860 (Gradio's); 0 picks a free port. */
  port?: number | undefined;
  /** Default 127.0.0.1: only this machine can reach the page. */
  host?: string | undefined;
  /** The page's heading. Default "smolagents". */
  title?: string | undefined;
  /** A line under the heading: the model, the tools. */
  description?: string | undefined;
  /** Largest total size of the files sent with one task. Default 10 MB. */
  maxUploadBytes?: number | undefined;
  /** Browser sessions (each with its own agent) kept at once; the longest idle one goes first. Default 32. */
  maxSessions?: number | undefined;
}

export interface AgentUiServer {
  /** http://host:port/ */
  url: string;
  port: number;
  host: string;
  /** Stops the runs, disposes every session's agent and closes the server. */
  close(): Promise<void>;
}

/** The server could not start: the port is taken, or not allowed. */
export class AgentUiError extends Error {
  override readonly name = 'AgentUiError';
}

const COOKIE = 'smolagent_ui_session';
/** The page sends this header on every POST; a cross-site form cannot, without a CORS preflight. */
const REQUEST_HEADER = 'x-smolagent-ui';
/** Room for the task text and the form's own framing beside the files. */
const FORM_ALLOWANCE = 64 * 1024;
const IDLE_MS = 60 * 60 * 1000;
const PING_MS = 15_000;
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/**
 * Serves a chat page for agents made by `createAgent`: one agent per browser session, tasks typed
 * in the page, steps streamed as they happen (Server-Sent Events), Stop, Reset memory, and files
 * sent with a task (the agent gets them as `additionalArgs.uploaded_files`).
 *
 *   const server = await serveAgentUi(() => new CodeAgent({ model, tools }), { port: 7860 });
 */
export async function serveAgentUi(createAgent: AgentFactory, options: AgentUiOptions = {}): Promise<AgentUiServer> {
  const port = options.port ?? 7860;
  const host = options.host ?? '127.0.0.1';
  const maxUploadBytes = options.maxUploadBytes ?? 10 * 1024 * 1024;
  const maxSessions = options.maxSessions ?? 32;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new RangeError(`port must be a whole number from 0 to 65535, got ${String(port)}.`);
  if (!(maxUploadBytes > 0)) throw new RangeError(`maxUploadBytes must be positive, got ${String(maxUploadBytes)}.`);
  if (!Number.isInteger(maxSessions) || maxSessions < 1) throw new RangeError(`maxSessions must be a positive whole number, got ${String(maxSessions)}.`);

  // Loaded here so that importing the library does not load the HTTP stack.
  const [{ Hono }, { getCookie, setCookie }, { streamSSE }, { bodyLimit }, { createAdaptorServer }] = await Promise.all([
    import('hono'),
    import('hono/cookie'),
    import('hono/streaming'),
    import('hono/body-limit'),
    import('@hono/node-server'),
  ]);

  const sessions = new Map<string, UiSession>();
  const closeStreams = new Set<() => void>();
  const page = renderPage({ title: options.title ?? 'smolagents', description: options.description ?? '', maxUploadLabel: formatBytes(maxUploadBytes) });

  const sessionOf = (c: Context): UiSession | undefined => {
    const session = sessions.get(getCookie(c, COOKIE) ?? '');
    if (session) session.lastSeen = Date.now();
    return session;
  };
  const newSession = (): UiSession | undefined => {
    if (sessions.size >= maxSessions) {
      const idle = [...sessions.values()].filter((session) => !session.isRunning).sort((a, b) => a.lastSeen - b.lastSeen)[0];
      if (!idle) return undefined;
      sessions.delete(idle.id);
      void idle.dispose();
    }
    const session = new UiSession(randomUUID(), createAgent);
    sessions.set(session.id, session);
    return session;
  };

  const app: Hono = new Hono();
  app.use('*', async (c, next) => {
    // A page elsewhere that rebinds its domain name to this machine must not reach the agent.
    if (LOOPBACK.has(host) && !LOOPBACK.has(hostnameOf(c.req.header('host')))) return c.json({ error: 'This host name is not allowed.' }, 403);
    if (c.req.method === 'POST' && c.req.header(REQUEST_HEADER) !== '1') return c.json({ error: 'Requests must come from the page.' }, 403);
    await next();
  });
  app.get('/', (c) => {
    if (!sessionOf(c)) {
      const session = newSession();
      if (!session) return c.text('Too many sessions are running: try again when one has finished.', 503);
      setCookie(c, COOKIE, session.id, { httpOnly: true, sameSite: 'Strict', path: '/' });
    }
    c.header('cache-control', 'no-store');
    c.header('content-security-policy', "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:");
    return c.html(page);
  });
  app.get('/api/events', (c) => {
    const session = sessionOf(c);
    if (!session) return c.json({ error: 'No session: reload the page.' }, 401);
    return streamSSE(c, async (stream) => {
      let writes = stream.writeSSE({ data: JSON.stringify({ kind: 'snapshot', ...session.snapshot() }) });
      const send = (write: () => Promise<void>) => (writes = writes.then(write).catch(() => undefined));
      const unsubscribe = session.subscribe((message) => send(() => stream.writeSSE({ data: JSON.stringify(message) })));
      const ping = setInterval(() => send(() => stream.write(': ping\n\n').then(() => undefined)), PING_MS);
      await new Promise<void>((resolve) => {
        stream.onAbort(resolve);
        closeStreams.add(resolve);
      });
      clearInterval(ping);
      unsubscribe();
    });
  });
  app.post(
    '/api/run',
    bodyLimit({
      maxSize: maxUploadBytes + FORM_ALLOWANCE,
      onError: (c) => c.json({ error: tooLarge(Number(c.req.header('content-length')) || undefined, maxUploadBytes).message }, 413),
    }),
    async (c) => {
      const session = sessionOf(c);
      if (!session) return c.json({ error: 'No session: reload the page.' }, 401);
      try {
        const form = await c.req.parseBody({ all: true }).catch(() => {
          throw new UploadError('The request is not a task form.', 400);
        });
        const task = typeof form.task === 'string' ? form.task.trim() : '';
        if (task === '') throw new UploadError('Type a task first.', 400);
        const files = await readUploads([form.files ?? []].flat(), maxUploadBytes);
        session.start(task, files.length > 0 ? { [UPLOADS_KEY]: files } : undefined, files.map((file) => file.name));
        return c.json({ ok: true }, 202);
      } catch (error) {
        if (error instanceof UploadError) return c.json({ error: error.message }, error.status);
        if (error instanceof SessionBusyError) return c.json({ error: error.message }, 409);
        throw error;
      }
    },
  );
  app.post('/api/stop', (c) => {
    const session = sessionOf(c);
    if (!session) return c.json({ error: 'No session: reload the page.' }, 401);
    return c.json({ stopped: session.stop() });
  });
  app.post('/api/reset', async (c) => {
    const session = sessionOf(c);
    if (!session) return c.json({ error: 'No session: reload the page.' }, 401);
    await session.reset();
    return c.json({ ok: true });
  });

  const server = createAdaptorServer({ fetch: app.fetch });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, host, port)));
    server.listen(port, host, () => resolve());
  });
  const sweep = setInterval(() => {
    for (const session of sessions.values()) {
      if (!session.isRunning && session.listenerCount === 0 && Date.now() - session.lastSeen > IDLE_MS) {
        sessions.delete(session.id);
        void session.dispose();
      }
    }
  }, 60_000);
  sweep.unref();

  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shownHost}:${address.port}/`,
    port: address.port,
    host,
    close: async () => {
      clearInterval(sweep);
      for (const close of closeStreams) close();
      await Promise.allSettled([...sessions.values()].map((session) => session.dispose()));
      sessions.clear();
      await new Promise<void>((resolve) => {
        (server as import('node:http').Server).closeAllConnections?.();
        server.close(() => resolve());
      });
    },
  };
}

function hostnameOf(header: string | undefined): string {
  if (!header) return '';
  if (header.startsWith('[')) return header.slice(0, header.indexOf(']') + 1);
  return header.split(':')[0]!;
}

function listenError(error: NodeJS.ErrnoException, host: string, port: number): Error {
  if (error.code === 'EADDRINUSE') return new AgentUiError(`Port ${port} on ${host} is already in use: stop what listens there, or pick another port (--port).`);
  if (error.code === 'EACCES') return new AgentUiError(`Not allowed to listen on port ${port} of ${host}${port < 1024 ? ' (ports below 1024 need privileges)' : ''}: pick another port (--port).`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') return new AgentUiError(`Cannot listen on ${host}: it is not an address of this machine (--host).`);
  return error;
}
