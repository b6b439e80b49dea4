import type { TokenCounter } from './token-counter.js';

/**
 * A token estimate for models whose tokenizer we do not ship (Qwen, Llama, Claude, Gemini, Mistral...).
 * Text is split the way BPE tokenizers pre-split it, and each piece is weighted; the weights were fitted
 * on agent text (system prompts, docs, code, printed records, JSON, HTML, a Korean guide) so that the
 * estimate is at or above the Qwen 3 and Llama 3 tokenizers on every kind, by at most ~12%
 * (`npm run bench -- tokens` prints the comparison). Digits count one each, as Qwen, Gemini and Mistral
 * split them; that makes number-heavy text 20-35% high for Llama 3, whose digits go by three.
 */
const SCRIPTS_BY_CHARACTER = '\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}';
// One piece per CJK or Hangul character, per word of other letters, per digit, per newline, per
// run of spaces, per other symbol. A RegExp object: the `v` flag's set subtraction is newer than our TS target.
const PIECES = new RegExp(`[${SCRIPTS_BY_CHARACTER}]|\\p{Script=Hangul}|[[\\p{L}\\p{M}]--[${SCRIPTS_BY_CHARACTER}\\p{Script=Hangul}]]+|\\p{N}|\\n|[ \\t]+|\\S`, 'gv');
const LETTER = /^[\p{L}\p{M}]/u;
const HANGUL = /^\p{Script=Hangul}/u;
const CHARACTER_SCRIPT = new RegExp(`^[${SCRIPTS_BY_CHARACTER}]`, 'v');

const WEIGHTS = {
  /** A word: one token, and 0.4 more for every 4 letters past the first 4. */
  word: 1,
  wordPerExtraFourLetters: 0.4,
  hangul: 0.9,
  cjk: 1,
  digit: 1,
  newline: 0.5,
  /** Indentation: one token per 4 spaces after the first (a single space joins the next word). */
  spacesPerToken: 4,
  symbol: 0.55,
};

export function estimateTokens(text: string): number {
  let total = 0;
  for (const [piece] of text.matchAll(PIECES)) {
    if (HANGUL.test(piece)) total += WEIGHTS.hangul;
    else if (CHARACTER_SCRIPT.test(piece)) total += WEIGHTS.cjk;
    else if (LETTER.test(piece)) total += WEIGHTS.word + WEIGHTS.wordPerExtraFourLetters * (Math.ceil(piece.length / 4) - 1);
    else if (/^\p{N}/u.test(piece)) total += WEIGHTS.digit;
    else if (piece === '\n') total += WEIGHTS.newline;
    else if (piece[0] === ' ' || piece[0] === '\t') total += Math.ceil((piece.length - 1) / WEIGHTS.spacesPerToken);
    else total += WEIGHTS.symbol;
  }
  return Math.ceil(total);
}

export const estimateTokenCounter: TokenCounter = { name: 'estimate', countText: estimateTokens };
