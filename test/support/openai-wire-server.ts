/**
 * A real HTTP server speaking the OpenAI chat-completions wire format, for adapter, CLI and bench
 * tests. It listens on 127.0.0.1, port 0, and plays back scripted replies in order, recording every
 * request so tests can inspect what the client actually sent (URL, headers, body).
 *
 * Accepts any path ending in /chat/completions (plain OpenAI `/v1/...`, Azure's
 * `/openai/deployments/{d}/chat/completions?api-version=...`, HF router paths), streams SSE when the
 * body asks for `stream: true`, honours `stop` like a real server, and can inject HTTP errors.
 * Image parts are checked like OpenAI checks them (400 otherwise) and recorded decoded in `images`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedPromptCache } from './prompt-cache.js';
import { openAIImages, WireImageError, type RecordedImage } from './wire-images.js';

export interface WireReply {
  content?: string | undefined;
  toolCalls?: { id?: string; name: string; arguments: unknown }[] | undefined;
  /** Default: estimated from the request, with `prompt_tokens_details.cached_tokens` from a simulated automatic prompt cache. */
  usage?: WireUsage | undefined;
  /** HTTP status; >= 400 answers with an OpenAI-style error body `{error:{message,type,code}}`. */
  status?: number | undefined;
  headers?: Record<string, string> | undefined;
  errorMessage?: string | undefined;
  /**
   * Streaming only: after the first content chunk, wait for this promise before sending the rest,
   * so a test can act (e.g. abort) while a stream is provably in flight.
   */
  holdUntil?: Promise<unknown> | undefined;
}

export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  prompt_tokens_details?: { cached_tokens: number } | undefined;
}

export interface RecordedRequest {
  method: string;
  /** Path including the query string, e.g. `/openai/deployments/gpt/chat/completions?api-version=X`. */
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** The images of a chat completion request, decoded, in message order. */
  images: RecordedImage[];
}

export type WireReplies =
  | (string | WireReply)[]
  | ((request: RecordedRequest, index: number) => string | WireReply);

export interface OpenAIWireServer {
  /** Base URL including `/v1`, ready to pass as an OpenAI `baseURL`. */
  url: string;
  /** Every request received, in order (chat completions and model listings alike). */
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const MODEL_NAME = 'wire-test-model';

export async function startOpenAIWireServer(options: { replies: WireReplies }): Promise<OpenAIWireServer> {
  const requests: RecordedRequest[] = [];
  let completionIndex = 0;
  const promptCache = new SimulatedPromptCache();

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `wire server failure: ${String(error)}`, {});
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    let body: unknown = undefined;
    if (raw.length > 0) {
      try {
        body = JSON.parse(raw);
      } catch {
        body = raw;
      }
    }
    const path = req.url ?? '/';
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path, headers: req.headers, body, images: [] };
    requests.push(recorded);
    const pathname = path.split('?')[0] ?? path;

    if (req.method === 'GET' && pathname.endsWith('/models')) {
      sendJson(res, 200, { object: 'list', data: [{ id: MODEL_NAME, object: 'model', created: 0, owned_by: 'wire-server' }] }, {});
      return;
    }
    if (req.method !== 'POST' || !pathname.endsWith('/chat/completions')) {
      sendError(res, 404, `wire server: no route for ${req.method} ${pathname}`, {});
      return;
    }

    try {
      recorded.images = openAIImages((typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>);
    } catch (error) {
      if (!(error instanceof WireImageError)) throw error;
      sendError(res, 400, error.message, {});
      return;
    }
    const index = completionIndex++;
    const scripted = nextReply(options.replies, recorded, index);
    if (scripted === undefined) {
      sendError(res, 500, `wire server: scripted replies exhausted (request #${index + 1} has no reply)`, {});
      return;
    }
    const reply: WireReply = typeof scripted === 'string' ? { content: scripted } : scripted;
    const headers = reply.headers ?? {};
    if (reply.status !== undefined && reply.status >= 400) {
      sendError(res, reply.status, reply.errorMessage ?? `scripted error ${reply.status}`, headers);
      return;
    }

    const request = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const content = cutAtStop(reply.content ?? '', request['stop']);
    const toolCalls = (reply.toolCalls ?? []).map((call, i) => ({
      id: call.id ?? `call_${index}_${i}`,
      name: call.name,
      arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments ?? {}),
    }));
    const usage = reply.usage ?? estimatedUsage(request, content, promptCache);
    const model = typeof request['model'] === 'string' ? request['model'] : MODEL_NAME;
    const id = `chatcmpl-wire-${index}`;
    const finishReason = toolCalls.length > 0 ? 'tool_calls' : 'stop';
    const fullUsage = { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens };

    if (request['stream'] === true) {
      const streamOptions = request['stream_options'] as { include_usage?: boolean } | undefined;
      await streamReply(res, { id, model, content, toolCalls, finishReason, usage: streamOptions?.include_usage ? fullUsage : undefined, headers, holdUntil: reply.holdUntil });
      return;
    }

    sendJson(
      res,
      reply.status ?? 200,
      {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: toolCalls.length > 0 && content === '' ? null : content,
              ...(toolCalls.length > 0
                ? { tool_calls: toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }
                : {}),
            },
            finish_reason: finishReason,
            logprobs: null,
          },
        ],
        usage: fullUsage,
      },
      headers,
    );
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Keep-alive sockets from SDK clients would otherwise hold close() open.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function nextReply(replies: WireReplies, request: RecordedRequest, index: number): string | WireReply | undefined {
  if (typeof replies === 'function') return replies(request, index);
  return replies[index];
}

interface StreamPlan {
  id: string;
  model: string;
  content: string;
  toolCalls: { id: string; name: string; arguments: string }[];
  finishReason: string;
  usage: (WireUsage & { total_tokens: number }) | undefined;
  headers: Record<string, string>;
  holdUntil?: Promise<unknown> | undefined;
}

/** Sends the reply as SSE in several small chunks, the way real servers fragment output. */
async function streamReply(res: ServerResponse, plan: StreamPlan): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', ...plan.headers });
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null): void => {
    const payload = {
      id: plan.id,
      object: 'chat.completion.chunk',
      created,
      model: plan.model,
      choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    };
    res.write(`data: ${JSON.stringify(payload)}\n\n`);
  };

  chunk({ role: 'assistant', content: '' });
  for (const [i, piece] of splitPieces(plan.content, 4).entries()) {
    chunk({ content: piece });
    if (i === 0 && plan.holdUntil) {
      await plan.holdUntil;
      // The client may have gone away while we waited (that is usually the point of holding).
      if (res.destroyed || res.writableEnded) return;
    }
  }
  plan.toolCalls.forEach((call, index) => {
    const pieces = splitPieces(call.arguments, 5);
    // id, type and name travel only on a call's first chunk; later chunks carry argument fragments.
    chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: pieces[0] ?? '' } }] });
    for (const piece of pieces.slice(1)) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
  });
  chunk({}, plan.finishReason);
  if (plan.usage) {
    res.write(`data: ${JSON.stringify({ id: plan.id, object: 'chat.completion.chunk', created, model: plan.model, choices: [], usage: plan.usage })}\n\n`);
  }
  res.write('data: [DONE]\n\n');
  res.end();
}

function splitPieces(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function cutAtStop(text: string, stop: unknown): string {
  const stops = typeof stop === 'string' ? [stop] : Array.isArray(stop) ? stop.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  let cut = text.length;
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at !== -1 && at < cut) cut = at;
  }
  return text.slice(0, cut);
}

/** Usage as OpenAI reports it: tools and messages make the prompt, whose cached part is automatic. */
function estimatedUsage(request: Record<string, unknown>, content: string, cache: SimulatedPromptCache): WireUsage {
  const blocks = [...(Array.isArray(request['tools']) ? request['tools'] : []), ...(Array.isArray(request['messages']) ? request['messages'] : [])];
  const { total, read } = cache.automatic(blocks);
  return { prompt_tokens: Math.max(1, total), completion_tokens: estimateTokens(content), prompt_tokens_details: { cached_tokens: read } };
}

/** A rough count (~4 characters per token) so usage is non-zero and grows with the input. */
function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
  sendJson(res, status, { error: { message, type, code: status === 429 ? 'rate_limit_exceeded' : null } }, headers);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
