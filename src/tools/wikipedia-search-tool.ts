import { z } from 'zod/v4';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';
import { truncateContent } from './html-to-markdown.js';
import { assertOk, fetchText, ToolHttpError, type FetchFunction } from './http-fetch.js';
import { Tool, type ToolContext } from './tool.js';

export interface WikipediaSearchToolOptions {
  /** Wikipedia edition, e.g. 'en', 'de', 'ko'. Default 'en'. */
  language?: string | undefined;
  /** 'summary' (the lead section, default) or 'text' (the whole article as plain text). */
  contentType?: 'summary' | 'text' | undefined;
  /** Default: `SMOLAGENTS_WIKIPEDIA_URL`, else https://{language}.wikipedia.org. `{language}` is replaced. */
  baseUrl?: string | undefined;
  /** Longest text returned; longer articles keep their head and tail. Default 40,000 characters. */
  maxLength?: number | undefined;
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  fetch?: FetchFunction | undefined;
}

export const DEFAULT_WIKIPEDIA_URL = 'https://{language}.wikipedia.org';

const prompts = defaultToolPrompts.wikipediaSearch;

const inputSchema = z.object({
  query: z.string().min(1).describe(prompts.queryParameter),
});

type WikipediaSearchArgs = z.output<typeof inputSchema>;

interface MediaWikiPage {
  title: string;
  missing?: boolean | undefined;
  invalid?: boolean | undefined;
  extract?: string | undefined;
  fullurl?: string | undefined;
}

/** Looks a topic up through the MediaWiki API: the exact title first, then full-text search. */
export class WikipediaSearchTool extends Tool<WikipediaSearchArgs, string> {
  readonly name = 'wikipedia_search';
  readonly description: string;
  readonly inputSchema = inputSchema;
  override readonly outputType = 'string';
  readonly language: string;
  readonly contentType: 'summary' | 'text';
  readonly baseUrl: string;
  private readonly maxLength: number;
  private readonly timeoutMs?: number | undefined;
  private readonly userAgent?: string | undefined;
  private readonly fetchFunction?: FetchFunction | undefined;

  constructor(options: WikipediaSearchToolOptions = {}) {
    super();
    this.language = options.language ?? 'en';
    if (!/^[a-z][a-z0-9-]*$/i.test(this.language)) throw new TypeError(`Invalid Wikipedia language code '${this.language}'.`);
    this.contentType = options.contentType ?? 'summary';
    const template = options.baseUrl ?? process.env.SMOLAGENTS_WIKIPEDIA_URL ?? DEFAULT_WIKIPEDIA_URL;
    this.baseUrl = template.replaceAll('{language}', this.language).replace(/\/+$/, '');
    this.maxLength = options.maxLength ?? 40_000;
    this.timeoutMs = options.timeoutMs;
    this.userAgent = options.userAgent;
    this.fetchFunction = options.fetch;
    const content = this.contentType === 'summary' ? prompts.summaryContent : prompts.fullTextContent;
    this.description = renderPrompt(prompts.description, { language: this.language, content });
  }

  async forward({ query }: WikipediaSearchArgs, { signal }: ToolContext = {}): Promise<string> {
    let page = await this.fetchArticle(query, signal);
    if (!page) {
      const title = await this.searchTitle(query, signal);
      if (title) page = await this.fetchArticle(title, signal);
    }
    if (!page) return renderPrompt(prompts.notFound, { query });
    const url = page.fullurl ?? `${this.baseUrl}/wiki/${encodeURIComponent(page.title.replaceAll(' ', '_'))}`;
    const text = truncateContent(page.extract?.trim() || prompts.noExtract, this.maxLength);
    return renderPrompt(prompts.page, { title: page.title, text, url });
  }

  /** The article with exactly this title (redirects followed), or undefined if there is none. */
  private async fetchArticle(title: string, signal: AbortSignal | undefined): Promise<MediaWikiPage | undefined> {
    const params: Record<string, string> = {
      action: 'query',
      format: 'json',
      formatversion: '2',
      prop: 'extracts|info',
      inprop: 'url',
      explaintext: '1',
      redirects: '1',
      titles: title,
    };
    if (this.contentType === 'summary') params.exintro = '1';
    const data = await this.callApi(params, signal);
    const pages = (data.query as { pages?: MediaWikiPage[] } | undefined)?.pages ?? [];
    return pages.find((page) => !page.missing && !page.invalid);
  }

  private async searchTitle(query: string, signal: AbortSignal | undefined): Promise<string | undefined> {
    const data = await this.callApi({ action: 'query', format: 'json', formatversion: '2', list: 'search', srsearch: query, srlimit: '1' }, signal);
    return (data.query as { search?: Array<{ title: string }> } | undefined)?.search?.[0]?.title;
  }

  private async callApi(params: Record<string, string>, signal: AbortSignal | undefined): Promise<Record<string, unknown>> {
    const url = `${this.baseUrl}/w/api.php?${new URLSearchParams(params)}`;
    const response = await fetchText(url, {
      headers: { Accept: 'application/json' },
      timeoutMs: this.timeoutMs,
      userAgent: this.userAgent,
      signal,
      fetch: this.fetchFunction,
    });
    assertOk(response);
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(response.body) as Record<string, unknown>;
    } catch (error) {
      throw new ToolHttpError(renderPrompt(prompts.notJson, { url }), { kind: 'content_type', url, cause: error });
    }
    const apiError = data.error as { code?: string; info?: string } | undefined;
    if (apiError) {
      const reason = apiError.info ?? apiError.code ?? prompts.unknownApiError;
      throw new ToolHttpError(renderPrompt(prompts.apiError, { reason }), { kind: 'http_status', url });
    }
    return data;
  }
}
