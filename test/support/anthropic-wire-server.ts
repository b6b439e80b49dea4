/**
 * A real HTTP server speaking Anthropic's Messages API (POST /v1/messages), for the AI SDK adapter
 * tests. Listens on 127.0.0.1 port 0, plays scripted replies in order and records every request.
 *
 * JSON replies and SSE streams use Anthropic's real shapes and event types (message_start,
 * content_block_start / _delta (text_delta, input_json_delta) / _stop, message_delta with usage and
 * stop_reason, message_stop). `stop_sequences` are honoured like the real API (the stop text is not
 * returned, stop_reason is "stop_sequence"). Errors use Anthropic's `{type:"error",error:{type,message}}`.
 * Image blocks are checked like Anthropic checks them (400 otherwise) and recorded decoded in `images`.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedPromptCache } from './prompt-cache.js';
import { anthropicImages, WireImageError, type RecordedImage } from './wire-images.js';

export interface AnthropicReply {
  text?: string | undefined;
  toolUses?: { id?: string; name: string; input: Record<string, unknown> }[] | undefined;
  /** Default: estimated, with cache reads and writes from a simulated cache honouring `cache_control` breakpoints. */
  usage?: AnthropicUsage | undefined;
  /** >= 400 answers with an Anthropic error body; 429 → rate_limit_error, 529 → overloaded_error. */
  status?: number | undefined;
  headers?: Record<string, string> | undefined;
  errorMessage?: string | undefined;
  /** Streaming only: after the first text delta, wait for this before sending the rest. */
  holdUntil?: Promise<unknown> | undefined;
}

export interface AnthropicUsage {
  /** Anthropic counts here only the input after the last cache breakpoint. */
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number | undefined;
  cache_creation_input_tokens?: number | undefined;
}

export interface RecordedAnthropicRequest {
  path: string;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  images: RecordedImage[];
}

export interface AnthropicWireServer {
  /** Base URL including `/v1`, as `createAnthropic({ baseURL })` expects. */
  url: string;
  requests: RecordedAnthropicRequest[];
  close(): Promise<void>;
}

export async function startAnthropicWireServer(replies: (string | AnthropicReply)[]): Promise<AnthropicWireServer> {
  const requests: RecordedAnthropicRequest[] = [];
  let index = 0;
  const promptCache = new SimulatedPromptCache();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, `wire server failure: ${String(error)}`, {});
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const path = req.url ?? '/';
    const recorded: RecordedAnthropicRequest = { path, headers: req.headers, body, images: [] };
    requests.push(recorded);
    if (req.method !== 'POST' || !path.endsWith('/v1/messages')) {
      sendError(res, 404, `no route for ${req.method} ${path}`, {});
      return;
    }
    try {
      recorded.images = anthropicImages(body);
    } catch (error) {
      if (!(error instanceof WireImageError)) throw error;
      sendError(res, 400, error.message, {});
      return;
    }
    const scripted = replies[index++];
    if (scripted === undefined) {
      sendError(res, 500, `scripted replies exhausted (request #${index})`, {});
      return;
    }
    const reply: AnthropicReply = typeof scripted === 'string' ? { text: scripted } : scripted;
    if (reply.status !== undefined && reply.status >= 400) {
      sendError(res, reply.status, reply.errorMessage ?? `scripted error ${reply.status}`, reply.headers ?? {});
      return;
    }
    const stops = Array.isArray(body['stop_sequences']) ? (body['stop_sequences'] as string[]) : [];
    const { text, stopSequence } = cutAtStop(reply.text ?? '', stops);
    const toolUses = (reply.toolUses ?? []).map((use, i) => ({ id: use.id ?? `toolu_${index}_${i}`, name: use.name, input: use.input }));
    const usage = reply.usage ?? { ...cachedInput(body, promptCache), output_tokens: Math.max(1, Math.ceil(text.length / 4)) };
    const stopReason = toolUses.length > 0 ? 'tool_use' : stopSequence !== null ? 'stop_sequence' : 'end_turn';
    const model = typeof body['model'] === 'string' ? body['model'] : 'claude-wire-test';
    const id = `msg_wire_${index}`;

    if (body['stream'] === true) {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', ...(reply.headers ?? {}) });
      const event = (type: string, data: Record<string, unknown>): void => {
        res.write(`event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`);
      };
      event('message_start', {
        message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } },
      });
      let block = 0;
      if (text !== '') {
        event('content_block_start', { index: block, content_block: { type: 'text', text: '' } });
        event('ping', {});
        for (const [i, piece] of split(text, 4).entries()) {
          event('content_block_delta', { index: block, delta: { type: 'text_delta', text: piece } });
          if (i === 0 && reply.holdUntil) {
            await reply.holdUntil;
            if (res.destroyed || res.writableEnded) return;
          }
        }
        event('content_block_stop', { index: block });
        block++;
      }
      for (const use of toolUses) {
        event('content_block_start', { index: block, content_block: { type: 'tool_use', id: use.id, name: use.name, input: {} } });
        for (const piece of split(JSON.stringify(use.input), 5)) {
          event('content_block_delta', { index: block, delta: { type: 'input_json_delta', partial_json: piece } });
        }
        event('content_block_stop', { index: block });
        block++;
      }
      event('message_delta', { delta: { stop_reason: stopReason, stop_sequence: stopSequence }, usage: { output_tokens: usage.output_tokens } });
      event('message_stop', {});
      res.end();
      return;
    }

    const content = [
      ...(text !== '' ? [{ type: 'text', text }] : []),
      ...toolUses.map((use) => ({ type: 'tool_use', ...use })),
    ];
    sendJson(res, 200, { id, type: 'message', role: 'assistant', model, content, stop_reason: stopReason, stop_sequence: stopSequence, usage }, reply.headers ?? {});
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
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The prompt in cache order (tools, system, messages), one block per content part; `cache_control` marks breakpoints. */
function cachedInput(body: Record<string, unknown>, cache: SimulatedPromptCache): Omit<AnthropicUsage, 'output_tokens'> {
  const parts: unknown[] = [
    ...(Array.isArray(body['tools']) ? body['tools'] : []),
    ...(typeof body['system'] === 'string' ? [{ type: 'text', text: body['system'] }] : Array.isArray(body['system']) ? body['system'] : []),
    ...(Array.isArray(body['messages']) ? body['messages'] : []).flatMap((message: { role: string; content: unknown }) =>
      (typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : (message.content as unknown[])).map((part) => ({ role: message.role, part })),
    ),
  ];
  const breakpoints: number[] = [];
  const blocks = parts.map((entry, at) => {
    // A breakpoint is not part of the cached content: the same block with or without one matches.
    const { cache_control: marker, ...rest } = ((entry as { part?: unknown }).part ?? entry) as Record<string, unknown>;
    if (marker) breakpoints.push(at);
    return (entry as { part?: unknown }).part ? { ...(entry as object), part: rest } : rest;
  });
  const { total, read, write } = cache.explicit(blocks, breakpoints);
  return { input_tokens: Math.max(1, total - read - write), cache_read_input_tokens: read, cache_creation_input_tokens: write };
}

function cutAtStop(text: string, stops: string[]): { text: string; stopSequence: string | null } {
  let cut = text.length;
  let hit: string | null = null;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at !== -1 && at < cut) {
      cut = at;
      hit = stop;
    }
  }
  return { text: text.slice(0, cut), stopSequence: hit };
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, status: number, message: string, headers: Record<string, string>): void {
  const type = status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
  sendJson(res, status, { type: 'error', error: { type, message } }, headers);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
