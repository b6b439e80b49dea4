/**
 * A real HTTP server speaking Amazon Bedrock's Converse API for adapter tests: JSON on
 * POST /model/{modelId}/converse and the binary `application/vnd.amazon.eventstream` framing on
 * POST /model/{modelId}/converse-stream, over cleartext HTTP/2 (the AWS SDK's Bedrock runtime client
 * always speaks HTTP/2, as the real service does over TLS). Listens on 127.0.0.1 port 0; SigV4 signatures are
 * recorded, not checked. Honours `inferenceConfig.stopSequences`; errors use the REST-JSON shape
 * (`x-amzn-errortype` header + `{"message"}` body) or, mid-stream, an exception event. Image blocks
 * are checked (a ValidationException otherwise) and recorded decoded in `images`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { createServer, type Http2ServerRequest as IncomingMessage, type Http2ServerResponse as ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { SimulatedPromptCache } from './prompt-cache.js';
import { bedrockImages, WireImageError, type RecordedImage } from './wire-images.js';

export interface BedrockReply {
  text?: string | undefined;
  toolUses?: { toolUseId?: string; name: string; input: Record<string, unknown> }[] | undefined;
  /** Default: estimated, with cache reads and writes from a simulated cache honouring `cachePoint` blocks. */
  usage?: BedrockUsage | undefined;
  /** HTTP error; `errorType` defaults from the status (429 ThrottlingException, 400 ValidationException...). */
  status?: number | undefined;
  errorType?: string | undefined;
  errorMessage?: string | undefined;
  /** Streaming only: send this exception event after the first text delta. */
  streamException?: { type: string; message: string } | undefined;
}

export interface BedrockUsage {
  /** Bedrock leaves cache reads and writes out of `inputTokens`. */
  inputTokens: number;
  outputTokens: number;
  cacheReadInputTokens?: number | undefined;
  cacheWriteInputTokens?: number | undefined;
}

export interface RecordedBedrockRequest {
  path: string;
  /** The model id decoded from the path. */
  modelId: string;
  stream: boolean;
  headers: IncomingHttpHeaders;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  /** Image blocks of user turns and tool results, decoded from the JSON body's base64. */
  images: RecordedImage[];
}

export interface BedrockWireServer {
  url: string;
  requests: RecordedBedrockRequest[];
  close(): Promise<void>;
}

export async function startBedrockWireServer(replies: (string | BedrockReply)[]): Promise<BedrockWireServer> {
  const requests: RecordedBedrockRequest[] = [];
  let index = 0;
  const promptCache = new SimulatedPromptCache();
  const sessions = new Set<Http2Session>();
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'InternalServerException', `wire server failure: ${String(error)}`);
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const path = req.url ?? '/';
    const match = /^\/model\/([^/]+)\/(converse|converse-stream)$/.exec(path.split('?')[0] ?? '');
    if (req.method !== 'POST' || !match) {
      sendError(res, 404, 'UnknownOperationException', `no route for ${req.method} ${path}`);
      return;
    }
    const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    const stream = match[2] === 'converse-stream';
    const recorded: RecordedBedrockRequest = { path, modelId: decodeURIComponent(match[1]!), stream, headers: req.headers, body, images: [] };
    requests.push(recorded);
    try {
      recorded.images = bedrockImages(body);
    } catch (error) {
      if (!(error instanceof WireImageError)) throw error;
      sendError(res, 400, 'ValidationException', error.message);
      return;
    }
    const scripted = replies[index++];
    if (scripted === undefined) {
      sendError(res, 500, 'InternalServerException', `scripted replies exhausted (request #${index})`);
      return;
    }
    const reply: BedrockReply = typeof scripted === 'string' ? { text: scripted } : scripted;
    if (reply.status !== undefined && reply.status >= 400) {
      sendError(res, reply.status, reply.errorType ?? defaultErrorType(reply.status), reply.errorMessage ?? `scripted error ${reply.status}`);
      return;
    }
    const inference = (body['inferenceConfig'] ?? {}) as { stopSequences?: string[] };
    const { text, stopped } = cutAtStop(reply.text ?? '', inference.stopSequences ?? []);
    const toolUses = (reply.toolUses ?? []).map((use, i) => ({ toolUseId: use.toolUseId ?? `tooluse_${index}_${i}`, name: use.name, input: use.input }));
    const usage = reply.usage ?? { ...cachedInput(body, promptCache), outputTokens: Math.max(1, Math.ceil(text.length / 4)) };
    const stopReason = toolUses.length > 0 ? 'tool_use' : stopped ? 'stop_sequence' : 'end_turn';

    if (!stream) {
      const content = [...(text !== '' ? [{ text }] : []), ...toolUses.map((toolUse) => ({ toolUse }))];
      const payload = JSON.stringify({
        output: { message: { role: 'assistant', content } },
        stopReason,
        usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens },
        metrics: { latencyMs: 1 },
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      res.end(payload);
      return;
    }

    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': `req-${index}` });
    const send = (eventType: string, payload: unknown): void => {
      res.write(encodeEventStreamMessage({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify(payload)));
    };
    send('messageStart', { role: 'assistant' });
    let block = 0;
    if (text !== '') {
      for (const [i, piece] of split(text, 4).entries()) {
        send('contentBlockDelta', { contentBlockIndex: block, delta: { text: piece } });
        if (i === 0 && reply.streamException) {
          const { type, message } = reply.streamException;
          res.end(encodeEventStreamMessage({ ':exception-type': type, ':content-type': 'application/json', ':message-type': 'exception' }, JSON.stringify({ message })));
          return;
        }
      }
      send('contentBlockStop', { contentBlockIndex: block });
      block++;
    }
    for (const use of toolUses) {
      send('contentBlockStart', { contentBlockIndex: block, start: { toolUse: { toolUseId: use.toolUseId, name: use.name } } });
      for (const piece of split(JSON.stringify(use.input), 5)) send('contentBlockDelta', { contentBlockIndex: block, delta: { toolUse: { input: piece } } });
      send('contentBlockStop', { contentBlockIndex: block });
      block++;
    }
    send('messageStop', { stopReason });
    send('metadata', { usage: { ...usage, totalTokens: usage.inputTokens + usage.outputTokens }, metrics: { latencyMs: 1 } });
    res.end();
  }

  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // The client keeps its HTTP/2 session open for reuse; close() would wait for it forever.
        for (const session of sessions) session.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * One message of the AWS event stream encoding: a 12-byte prelude (total length, headers length,
 * CRC32 of those 8 bytes), string-typed headers, the payload, and a CRC32 of everything before it.
 */
export function encodeEventStreamMessage(headers: Record<string, string>, payload: string): Buffer {
  const headerParts: Buffer[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const nameBytes = Buffer.from(name, 'utf8');
    const valueBytes = Buffer.from(value, 'utf8');
    const header = Buffer.alloc(1 + nameBytes.length + 1 + 2 + valueBytes.length);
    let offset = header.writeUInt8(nameBytes.length, 0);
    offset += nameBytes.copy(header, offset);
    offset = header.writeUInt8(7, offset); // 7 = string
    offset = header.writeUInt16BE(valueBytes.length, offset);
    valueBytes.copy(header, offset);
    headerParts.push(header);
  }
  const headerBytes = Buffer.concat(headerParts);
  const payloadBytes = Buffer.from(payload, 'utf8');
  const total = 12 + headerBytes.length + payloadBytes.length + 4;
  const prelude = Buffer.alloc(12);
  prelude.writeUInt32BE(total, 0);
  prelude.writeUInt32BE(headerBytes.length, 4);
  prelude.writeUInt32BE(crc32(prelude.subarray(0, 8)), 8);
  const body = Buffer.concat([prelude, headerBytes, payloadBytes]);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32BE(crc32(body), 0);
  return Buffer.concat([body, trailer]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

/** CRC-32 (IEEE 802.3, as zlib); node:zlib's crc32 only exists from Node 22. */
export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = crcTable[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** The prompt in cache order (tools, system, messages); a `cachePoint` block ends a cacheable prefix. */
function cachedInput(body: Record<string, unknown>, cache: SimulatedPromptCache): Omit<BedrockUsage, 'outputTokens'> {
  const toolConfig = body['toolConfig'] as { tools?: unknown[] } | undefined;
  const parts: unknown[] = [
    ...(toolConfig?.tools ?? []),
    ...((body['system'] as unknown[] | undefined) ?? []),
    ...((body['messages'] as { role: string; content?: unknown[] }[] | undefined) ?? []).flatMap((message) => (message.content ?? []).map((block) => ({ role: message.role, block }))),
  ];
  const blocks: unknown[] = [];
  const breakpoints: number[] = [];
  for (const part of parts) {
    const block = (part as { block?: unknown }).block ?? part;
    if (typeof block === 'object' && block !== null && 'cachePoint' in block) {
      if (blocks.length > 0) breakpoints.push(blocks.length - 1);
    } else blocks.push(part);
  }
  const { total, read, write } = cache.explicit(blocks, breakpoints);
  return { inputTokens: Math.max(1, total - read - write), cacheReadInputTokens: read, cacheWriteInputTokens: write };
}

function defaultErrorType(status: number): string {
  if (status === 429) return 'ThrottlingException';
  if (status === 403) return 'AccessDeniedException';
  if (status === 404) return 'ResourceNotFoundException';
  if (status === 503) return 'ServiceUnavailableException';
  if (status >= 500) return 'InternalServerException';
  return 'ValidationException';
}

function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  const payload = JSON.stringify({ message });
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
    'x-amzn-errortype': `${type}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
  });
  res.end(payload);
}

function cutAtStop(text: string, stops: string[]): { text: string; stopped: boolean } {
  let cut = text.length;
  for (const stop of stops) {
    const at = text.indexOf(stop);
    if (at !== -1 && at < cut) cut = at;
  }
  return { text: text.slice(0, cut), stopped: cut < text.length };
}

function split(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
