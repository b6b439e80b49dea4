import { z } from 'zod/v4';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';
import { collapseBlankLines, htmlToMarkdown, truncateContent } from './html-to-markdown.js';
import { assertOk, fetchText, mediaType, parseHttpUrl, ToolHttpError, type FetchFunction } from './http-fetch.js';
import { Tool, type ToolContext } from './tool.js';

export interface VisitWebpageToolOptions {
  /** Longest markdown returned; longer pages keep their head and tail. Default 40,000 characters. */
  maxLength?: number | undefined;
  timeoutMs?: number | undefined;
  userAgent?: string | undefined;
  fetch?: FetchFunction | undefined;
}

const prompts = defaultToolPrompts.visitWebpage;

const inputSchema = z.object({
  url: z.string().min(1).describe(prompts.urlParameter),
});

type VisitWebpageArgs = z.output<typeof inputSchema>;

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
/** Returned as they are: already readable text. */
const TEXT_TYPES = new Set(['text/plain', 'text/markdown', 'text/x-markdown']);

/** Fetches a page and returns it as markdown. Failures are thrown with a message the model can act on. */
export class VisitWebpageTool extends Tool<VisitWebpageArgs, string> {
  readonly name = 'visit_webpage';
  readonly description = prompts.description;
  readonly inputSchema = inputSchema;
  override readonly outputType = 'string';
  private readonly maxLength: number;
  private readonly timeoutMs?: number | undefined;
  private readonly userAgent?: string | undefined;
  private readonly fetchFunction?: FetchFunction | undefined;

  constructor(options: VisitWebpageToolOptions = {}) {
    super();
    this.maxLength = options.maxLength ?? 40_000;
    this.timeoutMs = options.timeoutMs;
    this.userAgent = options.userAgent;
    this.fetchFunction = options.fetch;
  }

  async forward({ url }: VisitWebpageArgs, { signal }: ToolContext = {}): Promise<string> {
    const target = parseHttpUrl(url);
    const response = await fetchText(target, {
      headers: { Accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,*/*;q=0.5' },
      timeoutMs: this.timeoutMs,
      userAgent: this.userAgent,
      signal,
      fetch: this.fetchFunction,
    });
    assertOk(response);
    const type = mediaType(response.contentType);
    let content: string;
    if (HTML_TYPES.has(type) || (type === '' && /^\s*<(!doctype html|html)/i.test(response.body))) {
      const page = await htmlToMarkdown(response.body, { pageUrl: response.url });
      content = page.title && !page.markdown.includes(page.title) ? renderPrompt(prompts.titledPage, page) : page.markdown;
    } else if (TEXT_TYPES.has(type)) {
      content = collapseBlankLines(response.body);
    } else {
      throw new ToolHttpError(
        renderPrompt(prompts.notAWebpage, { url: response.url, type: type || prompts.unknownContentType }),
        { kind: 'content_type', url: response.url, status: response.status },
      );
    }
    if (content === '') return renderPrompt(prompts.noReadableText, { url: response.url });
    return truncateContent(content, this.maxLength);
  }
}
