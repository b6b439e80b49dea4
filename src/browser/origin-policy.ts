/**
 * Which URLs the browser may open: web schemes only by default (`file:`, `chrome:`, `javascript:`
 * and the rest are refused), and, with `allowedOrigins`, only those origins. Checked on every
 * navigation: the URLs the model passes, the redirects on the way, and the navigations pages start.
 */

export interface OriginPolicyOptions {
  /**
   * Origins the browser may navigate to: `https://example.com`, `http://127.0.0.1:8080`,
   * `https://*.example.com` (its subdomains), or a bare `example.com` (any allowed scheme, default
   * port). Absent: every origin of an allowed scheme.
   */
  allowedOrigins?: readonly string[] | undefined;
  /** URL schemes the browser may open. Default `['http', 'https']`. `about:blank` is always allowed. */
  allowedSchemes?: readonly string[] | undefined;
}

export type PolicyDecision =
  | { allowed: true; url: URL }
  | { allowed: false; reason: 'invalid' | 'scheme' | 'origin'; url?: URL | undefined };

interface OriginRule {
  /** Undefined for a bare host: any allowed web scheme. */
  scheme?: string | undefined;
  /** Lowercased, as `URL` normalizes it; for a wildcard, the part after `*.`. */
  host: string;
  wildcard: boolean;
  /** '' for the scheme's default port, as `URL.port` says. */
  port: string;
  text: string;
}

const WEB_SCHEMES = new Set(['http', 'https']);
/** Schemes that cannot be allowed: they run code in the page or reach the browser's own pages. */
const NEVER_ALLOWED = new Set(['javascript', 'chrome', 'chrome-extension', 'devtools', 'view-source']);

export class OriginPolicy {
  readonly schemes: readonly string[];
  private readonly rules?: OriginRule[] | undefined;

  constructor(options: OriginPolicyOptions = {}) {
    this.schemes = (options.allowedSchemes ?? ['http', 'https']).map(parseScheme);
    if (options.allowedOrigins !== undefined) {
      if (!Array.isArray(options.allowedOrigins) || options.allowedOrigins.length === 0) {
        throw new TypeError('allowedOrigins must be a non-empty array of origins such as "https://example.com" (leave it out to allow every origin).');
      }
      this.rules = options.allowedOrigins.map(parseOrigin);
    }
  }

  /** Whether every origin is allowed (then redirects need no checking beyond what Chromium does). */
  get restrictsOrigins(): boolean {
    return this.rules !== undefined;
  }

  /** The allowed origins, for messages. */
  describeOrigins(): string {
    return this.rules ? this.rules.map((rule) => rule.text).join(', ') : 'any';
  }

  check(target: string | URL): PolicyDecision {
    let url: URL;
    try {
      url = typeof target === 'string' ? new URL(target) : target;
    } catch {
      return { allowed: false, reason: 'invalid' };
    }
    if (url.href === 'about:blank') return { allowed: true, url };
    const scheme = url.protocol.slice(0, -1);
    if (!this.schemes.includes(scheme)) return { allowed: false, reason: 'scheme', url };
    if (!this.rules || !WEB_SCHEMES.has(scheme)) return { allowed: true, url };
    return this.rules.some((rule) => matches(rule, url, scheme)) ? { allowed: true, url } : { allowed: false, reason: 'origin', url };
  }
}

function matches(rule: OriginRule, url: URL, scheme: string): boolean {
  if (rule.scheme !== undefined && rule.scheme !== scheme) return false;
  // '' is the scheme's default port on both sides; a bare host's explicit port matches whichever scheme has it.
  const port = url.port || (scheme === 'https' ? '443' : '80');
  if (rule.port === '' ? url.port !== '' : rule.port !== port) return false;
  const host = url.hostname.toLowerCase();
  return rule.wildcard ? host.endsWith(`.${rule.host}`) : host === rule.host;
}

function parseScheme(value: string): string {
  const scheme = String(value).trim().toLowerCase().replace(/:$/, '');
  if (!/^[a-z][a-z0-9+.-]*$/.test(scheme)) throw new TypeError(`allowedSchemes: '${String(value)}' is not a URL scheme (e.g. "https").`);
  if (NEVER_ALLOWED.has(scheme)) throw new TypeError(`allowedSchemes: '${scheme}:' URLs cannot be allowed (they run code in the page or open the browser's own pages).`);
  return scheme;
}

function parseOrigin(value: string): OriginRule {
  const text = typeof value === 'string' ? value.trim() : '';
  const bad = (why: string) => new TypeError(`allowedOrigins: '${String(value)}' ${why}; write an origin such as "https://example.com", "http://127.0.0.1:8080" or "https://*.example.com".`);
  if (text === '') throw bad('is empty');
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  const wildcard = /^([a-z][a-z0-9+.-]*:\/\/)?\*\./i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text.replace('*.', 'wildcard.') : `http://${text.replace('*.', 'wildcard.')}`);
  } catch {
    throw bad('is not an origin');
  }
  const scheme = hasScheme ? url.protocol.slice(0, -1) : undefined;
  if (scheme !== undefined && !WEB_SCHEMES.has(scheme)) throw bad('is not an http(s) origin');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) throw bad('has more than an origin (a path, query or credentials)');
  if (text.endsWith('/') && !hasScheme) throw bad('has a path');
  const host = wildcard ? url.hostname.slice('wildcard.'.length) : url.hostname;
  if (wildcard && !host.includes('.')) throw bad('matches too much (a wildcard needs a domain with a dot, like *.example.com)');
  // A bare host names the default port whatever the scheme; URL drops :80 for http only.
  const port = !hasScheme && /:\d+$/.test(text) ? /:(\d+)$/.exec(text)![1]! : url.port;
  return { ...(scheme ? { scheme } : {}), host: host.toLowerCase(), wildcard, port, text };
}
