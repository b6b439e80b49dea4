import type { CodeLanguage } from '../executors/executor.js';
import type { Colors } from './colors.js';

/**
 * A small syntax colourer for the code actions in the step log: comments, strings, numbers,
 * keywords and called functions. A tokenizer by regular expression, not a parser: good enough for
 * reading code in a terminal, and no dependency.
 */

const JS_KEYWORDS = new Set([
  'await', 'async', 'break', 'case', 'catch', 'class', 'const', 'continue', 'default', 'delete', 'do',
  'else', 'export', 'extends', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'let',
  'new', 'of', 'return', 'switch', 'throw', 'try', 'typeof', 'var', 'void', 'while', 'yield', 'from',
  'as', 'interface', 'type', 'enum', 'implements', 'readonly', 'true', 'false', 'null', 'undefined', 'this',
]);

const PYTHON_KEYWORDS = new Set([
  'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else',
  'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not',
  'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield', 'True', 'False', 'None', 'self',
]);

interface Grammar {
  keywords: Set<string>;
  /** Alternatives tried in order at each position; the first group that matched names the token. */
  token: RegExp;
}

const GRAMMARS: Record<CodeLanguage, Grammar> = {
  javascript: {
    keywords: JS_KEYWORDS,
    token:
      /(\/\/[^\n]*|\/\*[\s\S]*?(?:\*\/|$))|(`(?:\\[\s\S]|[^\\`])*`?|"(?:\\.|[^\\"\n])*"?|'(?:\\.|[^\\'\n])*'?)|(\b(?:0[xob][0-9a-f_]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?n?)\b)|([A-Za-z_$][\w$]*)(?=\s*\()|([A-Za-z_$][\w$]*)/giy,
  },
  python: {
    keywords: PYTHON_KEYWORDS,
    token:
      /(#[^\n]*)|((?:[rbfu]{1,2})?(?:"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:\\.|[^\\"\n])*"?|'(?:\\.|[^\\'\n])*'?))|(\b(?:0[xob][0-9a-f_]+|\d[\d_]*(?:\.\d+)?(?:e[+-]?\d+)?j?)\b)|([A-Za-z_][\w]*)(?=\s*\()|([A-Za-z_][\w]*)/giy,
  },
};

export type CodeTokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'call' | 'plain';

export interface CodeToken {
  kind: CodeTokenKind;
  text: string;
}

/** Splits code into coloured kinds of token; the texts concatenated give back the code exactly. */
export function tokenizeCode(code: string, language: CodeLanguage): CodeToken[] {
  const { keywords, token } = GRAMMARS[language];
  const tokens: CodeToken[] = [];
  const push = (kind: CodeTokenKind, text: string) => {
    const last = tokens.at(-1);
    if (last && last.kind === kind && kind === 'plain') last.text += text;
    else tokens.push({ kind, text });
  };
  let at = 0;
  while (at < code.length) {
    token.lastIndex = at;
    const match = token.exec(code);
    if (!match) {
      push('plain', code[at]!);
      at++;
      continue;
    }
    const [text, comment, string, number, call, word] = match;
    if (comment) push('comment', text);
    else if (string) push('string', text);
    else if (number) push('number', text);
    else if (call) push(keywords.has(call) ? 'keyword' : 'call', text);
    else if (word && keywords.has(word)) push('keyword', text);
    else push('plain', text);
    at += text.length;
  }
  return tokens;
}

const ANSI_STYLE: Record<CodeTokenKind, keyof Omit<Colors, 'enabled'> | undefined> = {
  comment: 'gray',
  string: 'green',
  number: 'yellow',
  keyword: 'magenta',
  call: 'cyan',
  plain: undefined,
};

/** Returns `code` with ANSI colours; unchanged when colours are off. */
export function highlightCode(code: string, language: CodeLanguage, colors: Colors): string {
  if (!colors.enabled) return code;
  return tokenizeCode(code, language)
    .map(({ kind, text }) => {
      const style = ANSI_STYLE[kind];
      return style ? colors[style](text) : text;
    })
    .join('');
}

/** Returns `code` as HTML, escaped, with `<span class="tok-KIND">` around coloured tokens (the web UI). */
export function highlightCodeHtml(code: string, language: CodeLanguage): string {
  return tokenizeCode(code, language)
    .map(({ kind, text }) => (kind === 'plain' ? escapeHtml(text) : `<span class="tok-${kind}">${escapeHtml(text)}</span>`))
    .join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
