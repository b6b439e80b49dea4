/**
 * The one HTTP helper the network tools share: a timeout, a User-Agent, the run's AbortSignal,
 * and failures turned into `ToolHttpError`s whose messages a model can act on.
 */

import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';

const messages = defaultToolPrompts.http;

/** The same shape as the global `fetch`; tools take one to make testing or proxying easy. */
export type FetchFunction = (input: string | URL, init?: RequestInit) => Promise<Response>;

/** Browser-style prefix (some sites refuse bare clients) plus a name, as Wikipedia's policy asks. */
export const DEFAULT_USER_AGENT = 'Mozilla/5.0 (compatible; smolagents-ts; +https://github.com/huggingface/smolagents)';
export const DEFAULT_TIMEOUT_MS = 20_000;
/** Bodies are cut here: a page bigger than this would not fit any model's context anyway. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Why a request failed: lets callers branch without matching on message text. */
export type HttpFailureKind = 'invalid_url' | 'timeout' | 'network' | 'http_status' | 'content_type' | 'rate_limited';

export class ToolHttpError extends Error {
  override readonly name: string = 'ToolHttpError';
  readonly kind: HttpFailureKind;
  readonly url: string;
  /** HTTP status when the server answered. */
  readonly status?: number | undefined;

  constructor(message: string, options: { kind: HttpFailureKind; url: string; status?: number; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.kind = options.kind;
    this.url = options.url;
    this.status = options.status;
  }
}

export interface HttpRequestOptions {
  method?: 'GET' | 'POST' | undefined;
  headers?: Record<string, string> | undefined;
  body?: string | URLSearchParams | undefined;
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  /** The run's signal: aborting it rejects with its reason, not with a timeout error. */
  signal?: AbortSignal | undefined;
  fetch?: FetchFunction | undefined;
  /** Bytes of body read at most; the rest is not downloaded. Default 10 MB. */
  maxBytes?: number | undefined;
}

export interface HttpTextResponse {
  url: string;
  status: number;
  statusText: string;
  contentType: string;
  /** Decoded with the charset the server declared (header, else <meta> for HTML), UTF-8 by default. */
  body: string;
  /** True when the body was longer than `maxBytes` and was cut. */
  truncated: boolean;
}

/** Parses a URL the model gave; only http(s) is fetched, so `file:` and friends cannot read the host. */
export function parseHttpUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch (error) {
    throw new ToolHttpError(renderPrompt(messages.invalidUrl, { url: raw }), { kind: 'invalid_url', url: raw, cause: error });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ToolHttpError(renderPrompt(messages.unsupportedProtocol, { url: raw }), { kind: 'invalid_url', url: raw });
  }
  return url;
}

/**
 * Fetches a URL and reads the whole body as text, all under one deadline (a server that sends
 * headers and then stalls is caught too). Non-2xx statuses are returned, not thrown, so callers
 * can word them for their own service; see `assertOk`.
 */
export async function fetchText(url: string | URL, options: HttpRequestOptions = {}): Promise<HttpTextResponse> {
  const href = String(url);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  options.signal?.throwIfAborted();
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const doFetch: FetchFunction = options.fetch ?? globalThis.fetch;
  try {
    const response = await doFetch(href, {
      method: options.method ?? 'GET',
      headers: { 'User-Agent': options.userAgent ?? DEFAULT_USER_AGENT, ...options.headers },
      ...(options.body !== undefined ? { body: options.body } : {}),
      signal,
      redirect: 'follow',
    });
    const contentType = response.headers.get('content-type') ?? '';
    const { bytes, truncated } = await readBytes(response, options.maxBytes ?? DEFAULT_MAX_BYTES);
    return {
      url: response.url || href,
      status: response.status,
      statusText: response.statusText,
      contentType,
      body: decodeBody(bytes, contentType),
      truncated,
    };
  } catch (error) {
    if (options.signal?.aborted) throw options.signal.reason;
    if (timeout.aborted) {
      throw new ToolHttpError(renderPrompt(messages.timeout, { url: href, seconds: formatSeconds(timeoutMs) }), {
        kind: 'timeout',
        url: href,
        cause: error,
      });
    }
    const message = renderPrompt(messages.unreachable, { url: href, reason: describeNetworkError(error) });
    throw new ToolHttpError(message, { kind: 'network', url: href, cause: error });
  }
}

/** Throws "HTTP 404 Not Found for URL …" for any non-2xx response. */
export function assertOk(response: HttpTextResponse): void {
  if (response.status >= 200 && response.status < 300) return;
  const reason = response.statusText || statusReason(response.status);
  const reasonText = reason ? renderPrompt(messages.badStatusReasonFragment, { reason }) : '';
  throw new ToolHttpError(renderPrompt(messages.badStatus, { status: response.status, reason: reasonText, url: response.url }), {
    kind: 'http_status',
    url: response.url,
    status: response.status,
  });
}

/** The media type without parameters, lower-cased: "text/html; charset=utf-8" → "text/html". */
export function mediaType(contentType: string): string {
  return contentType.split(';')[0]!.trim().toLowerCase();
}

async function readBytes(response: Response, maxBytes: number): Promise<{ bytes: Uint8Array; truncated: boolean }> {
  if (!response.body) return { bytes: new Uint8Array(), truncated: false };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let truncated = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= maxBytes) {
      truncated = size > maxBytes;
      await reader.cancel().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(Math.min(size, maxBytes));
  let offset = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.byteLength - offset);
    bytes.set(part, offset);
    offset += part.byteLength;
  }
  return { bytes, truncated };
}

/** Many sites (older Korean, Japanese, European ones) still serve EUC-KR, Shift_JIS, windows-1252... */
export function decodeBody(bytes: Uint8Array, contentType: string): string {
  const declared = /charset\s*=\s*["']?([\w.:-]+)/i.exec(contentType)?.[1] ?? sniffHtmlCharset(bytes, contentType);
  if (declared) {
    try {
      const decoder = new TextDecoder(declared);
      const text = decoder.decode(bytes);
      return decoder.encoding === 'windows-1252' ? fixWindows1252(text) : text;
    } catch {
      // An unknown label: fall back to UTF-8 rather than fail the whole page.
    }
  }
  return new TextDecoder('utf-8').decode(bytes);
}

/** windows-1252's printable characters at 0x80–0x9F (undefined bytes stay as they are). */
const WINDOWS_1252_C1 = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * Node 20's TextDecoder decodes 'windows-1252' (also what 'latin1' and 'iso-8859-1' mean on the
 * web) as ISO-8859-1, turning curly quotes, dashes and € into control characters: map them back.
 */
function fixWindows1252(text: string): string {
  return text.replace(/[\x80-\x9f]/g, (character) => WINDOWS_1252_C1[character.charCodeAt(0) - 0x80]!);
}

function sniffHtmlCharset(bytes: Uint8Array, contentType: string): string | undefined {
  const type = mediaType(contentType);
  if (type !== '' && type !== 'text/html' && type !== 'application/xhtml+xml') return undefined;
  // The HTML spec looks for <meta charset> in the first 1024 bytes; ASCII-compatible charsets only.
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 1024));
  return /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1];
}

function describeNetworkError(error: unknown): string {
  // undici wraps the system error (ECONNREFUSED, ENOTFOUND...) in `cause`; that is the useful part.
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ''}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** Whole seconds as they are, else one decimal: "20", "2.5". */
function formatSeconds(milliseconds: number): string {
  return milliseconds % 1000 === 0 ? `${milliseconds / 1000}` : (milliseconds / 1000).toFixed(1);
}

const STATUS_REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  410: 'Gone',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

function statusReason(status: number): string {
  return STATUS_REASONS[status] ?? '';
}
