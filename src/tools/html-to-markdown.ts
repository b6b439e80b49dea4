import { parse } from 'node-html-parser';
import type TurndownService from 'turndown';
import { defaultToolPrompts } from '../prompts/default-tools.js';
import { renderPrompt } from '../prompts/template.js';

/** Elements that never carry readable content, only noise for the model. */
const NOISE_SELECTORS = [
  'script',
  'style',
  'noscript',
  'template',
  'iframe',
  'svg',
  'canvas',
  'object',
  'embed',
  'nav',
  '[role="navigation"]',
  '[aria-hidden="true"]',
  '[hidden]',
];

let turndownService: Promise<TurndownService> | undefined;

/** Turndown (and the DOM it brings) loads on the first page converted, not when tools are imported. */
function getTurndown(): Promise<TurndownService> {
  turndownService ??= import('turndown').then(({ default: Turndown }) => {
    const service = new Turndown({ headingStyle: 'atx', codeBlockStyle: 'fenced', bulletListMarker: '-' });
    // Turndown pads list markers to four columns ("-   item"); one space reads the same and costs less.
    service.addRule('compact-list-item', {
      filter: 'li',
      replacement: (content, node) => {
        const parent = node.parentNode as { nodeName?: string; children?: ArrayLike<unknown> } | null;
        const start = Number((parent as { getAttribute?: (name: string) => string | null } | null)?.getAttribute?.('start') ?? 1) || 1;
        const index = Array.prototype.indexOf.call(parent?.children ?? [], node);
        const marker = parent?.nodeName === 'OL' ? `${start + index}. ` : '- ';
        const body = content.replace(/^\n+/, '').replace(/\n+$/, '\n').replace(/\n/gm, `\n${' '.repeat(marker.length)}`);
        return marker + body + ((node as { nextSibling?: unknown }).nextSibling && !/\n$/.test(body) ? '\n' : '');
      },
    });
    // Images cost many tokens and tell a text model little; keep their alt text only.
    service.addRule('image-alt-text', { filter: 'img', replacement: (_content, node) => (node as { alt?: string }).alt ?? '' });
    return service;
  });
  return turndownService;
}

export interface MarkdownPage {
  /** The document's <title>, if any. */
  title: string;
  markdown: string;
}

/**
 * Converts an HTML document into readable markdown: noise stripped, blank lines collapsed.
 * With `pageUrl`, relative links become absolute so that the model can visit them next.
 */
export async function htmlToMarkdown(html: string, options: { pageUrl?: string } = {}): Promise<MarkdownPage> {
  const root = parse(html, { comment: false });
  const title = (root.querySelector('title')?.text ?? '').replace(/\s+/g, ' ').trim();
  for (const selector of NOISE_SELECTORS) {
    for (const element of root.querySelectorAll(selector)) element.remove();
  }
  if (options.pageUrl) {
    const base = root.querySelector('base[href]')?.getAttribute('href');
    const pageBase = base ? resolveUrl(base, options.pageUrl) ?? options.pageUrl : options.pageUrl;
    for (const link of root.querySelectorAll('a[href]')) {
      const href = link.getAttribute('href')!.trim();
      // A script link is no place to go: keep its text only.
      if (/^javascript:/i.test(href)) link.removeAttribute('href');
      else if (!href.startsWith('#')) {
        const absolute = resolveUrl(href, pageBase);
        if (absolute) link.setAttribute('href', absolute);
      }
    }
  }
  const body = root.querySelector('body') ?? root;
  const turndown = await getTurndown();
  return { title, markdown: collapseBlankLines(turndown.turndown(body.innerHTML)) };
}

function resolveUrl(href: string, base: string): string | undefined {
  try {
    return new URL(href, base).href;
  } catch {
    return undefined;
  }
}

/** At most one empty line in a row, no trailing spaces: whitespace is tokens too. */
export function collapseBlankLines(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Keeps the head and the tail of a long text (as smolagents does): the start holds the title and
 * lead, the end often holds what a long page concludes with.
 */
export function truncateContent(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  const half = Math.floor(maxLength / 2);
  return renderPrompt(defaultToolPrompts.truncatedContent, { head: text.slice(0, half), maxLength, tail: text.slice(-half) });
}
