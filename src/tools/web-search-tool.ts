import { parse, type HTMLElement } from 'node-html-parser';
import { z } from 'zod/v4';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';
import { fetchText, ToolHttpError, type FetchFunction } from './http-fetch.js';
import { Tool, type ToolContext } from './tool.js';

export interface WebSearchToolOptions {
  /** Results returned when the call does not say. Default 10. */
  maxResults?: number | undefined;
  /** Default: `SMOLAGENTS_DUCKDUCKGO_URL`, else https://html.duckduckgo.com (its JavaScript-free endpoint). */
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  fetch?: FetchFunction | undefined;
}

export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

export const DEFAULT_DUCKDUCKGO_URL = 'https://html.duckduckgo.com';

const prompts = defaultToolPrompts.webSearch;

const inputSchema = z.object({
  query: z.string().min(1).describe(prompts.queryParameter),
  max_results: z.number().int().min(1).max(50).optional().describe(prompts.maxResultsParameter),
});

type WebSearchArgs = z.output<typeof inputSchema>;

/** Searches the web through DuckDuckGo's HTML endpoint: no API key, results as a markdown list. */
export class WebSearchTool extends Tool<WebSearchArgs, string> {
  readonly name = 'web_search';
  readonly description = prompts.description;
  readonly inputSchema = inputSchema;
  override readonly outputType = 'string';
  readonly baseUrl: string;
  private readonly maxResults: number;
  private readonly timeoutMs?: number | undefined;
  private readonly userAgent?: string | undefined;
  private readonly fetchFunction?: FetchFunction | undefined;

  constructor(options: WebSearchToolOptions = {}) {
    super();
    this.maxResults = options.maxResults ?? 10;
    this.baseUrl = trimSlash(options.baseUrl ?? process.env.SMOLAGENTS_DUCKDUCKGO_URL ?? DEFAULT_DUCKDUCKGO_URL);
    this.timeoutMs = options.timeoutMs;
    this.userAgent = options.userAgent;
    this.fetchFunction = options.fetch;
  }

  async forward({ query, max_results }: WebSearchArgs, { signal }: ToolContext = {}): Promise<string> {
    const results = await this.search(query, { maxResults: max_results ?? this.maxResults, ...(signal ? { signal } : {}) });
    if (results.length === 0) return renderPrompt(prompts.noResults, { query });
    return formatSearchResults(results);
  }

  /** The parsed results, for callers that want data rather than markdown. */
  async search(query: string, options: { maxResults?: number; signal?: AbortSignal } = {}): Promise<SearchResult[]> {
    const url = `${this.baseUrl}/html/`;
    // The endpoint's own search form POSTs the query; do the same.
    const response = await fetchText(url, {
      method: 'POST',
      body: new URLSearchParams({ q: query, b: '' }),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'text/html' },
      timeoutMs: this.timeoutMs,
      userAgent: this.userAgent,
      signal: options.signal,
      fetch: this.fetchFunction,
    });
    const ok = response.status >= 200 && response.status < 300;
    const results = ok ? parseDuckDuckGoResults(response.body, this.baseUrl) : [];
    // DuckDuckGo answers throttled clients with 403, 429, or a challenge page (usually with 202).
    const challenged = ok && results.length === 0 && (response.status === 202 || isChallengePage(response.body));
    if (response.status === 429 || response.status === 403 || challenged) {
      throw new ToolHttpError(renderPrompt(prompts.rateLimited, { status: response.status }), { kind: 'rate_limited', url, status: response.status });
    }
    if (!ok) {
      const message = renderPrompt(prompts.failed, { status: response.status, statusText: response.statusText, url });
      throw new ToolHttpError(message, { kind: 'http_status', url, status: response.status });
    }
    return results.slice(0, options.maxResults ?? this.maxResults);
  }
}

/** smolagents' name for the same tool, for code ported from Python. */
export const DuckDuckGoSearchTool = WebSearchTool;
export type DuckDuckGoSearchTool = WebSearchTool;

/** Reads the result blocks of an html.duckduckgo.com page, skipping ads. */
export function parseDuckDuckGoResults(html: string, baseUrl = DEFAULT_DUCKDUCKGO_URL): SearchResult[] {
  const root = parse(html);
  const results: SearchResult[] = [];
  for (const block of root.querySelectorAll('div.result')) {
    if (block.classList.contains('result--ad') || block.classList.contains('result--no-result')) continue;
    const link = block.querySelector('a.result__a');
    const href = link?.getAttribute('href');
    if (!link || !href) continue;
    const url = decodeRedirect(href, baseUrl);
    if (!url) continue;
    results.push({ title: cleanText(link), url, snippet: cleanText(block.querySelector('.result__snippet')) });
  }
  return results;
}

/** `## Search Results` followed by `[title](link)\nsnippet` blocks, as smolagents prints them. */
export function formatSearchResults(results: readonly SearchResult[]): string {
  return renderPrompt(prompts.results, { results: results.map((result) => renderPrompt(prompts.result, result)).join('\n\n') });
}

/** Result links go through `//duckduckgo.com/l/?uddg=<target>`; the target is what the model needs. */
function decodeRedirect(href: string, baseUrl: string): string | undefined {
  let url: URL;
  try {
    url = new URL(href, baseUrl);
  } catch {
    return undefined;
  }
  const target = url.searchParams.get('uddg');
  if (target) return target;
  // Ad links (y.js) carry no readable target.
  if (url.pathname.endsWith('/y.js')) return undefined;
  return url.href;
}

function cleanText(element: HTMLElement | null): string {
  return element ? element.text.replace(/\s+/g, ' ').trim() : '';
}

function isChallengePage(html: string): boolean {
  return /anomaly|captcha|challenge-form/i.test(html);
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
