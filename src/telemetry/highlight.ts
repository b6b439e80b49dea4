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

/** Returns `code` with ANSI colours; unchanged when colours are off. */
export function highlightCode(code: string, language: CodeLanguage, colors: Colors): string {
  if (!colors.enabled) return code;
  const { keywords, token } = GRAMMARS[language];
  let out = '';
  let at = 0;
  while (at < code.length) {
    token.lastIndex = at;
    const match = token.exec(code);
    if (!match) {
      out += code[at];
      at++;
      continue;
    }
    const [text, comment, string, number, call, word] = match;
    if (comment) out += colors.gray(text);
    else if (string) out += colors.green(text);
    else if (number) out += colors.yellow(text);
    else if (call) out += keywords.has(call) ? colors.magenta(text) : colors.cyan(text);
    else if (word && keywords.has(word)) out += colors.magenta(text);
    else out += text;
    at += text.length;
  }
  return out;
}
