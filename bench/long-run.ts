import { z } from 'zod';
import { CodeAgent } from '../src/agents/code-agent.js';
import { contentText } from '../src/models/message-content.js';
import type { ChatMessage, GenerateOptions, Model, ModelReply } from '../src/models/model.js';
import { memoryPromptTemplates } from '../src/prompts/memory.js';
import { renderPrompt } from '../src/prompts/template.js';
import { tool } from '../src/tools/tool.js';
import { table } from './timing.js';

const STEPS = 30;
const CHARS_PER_PAGE = 3_000;
const FACT = 'The archive access code is 7391-QX.';
const BUDGET = 8_000;

/**
 * A deterministic page of ~3,000 characters that reads like what agents print: search-result
 * style records with names, numbers and short prose. Page 1 carries a fact the last step needs.
 */
export function benchPage(page: number): string {
  let seed = page * 7919 + 13;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const words = ['river', 'station', 'harbour', 'northern', 'museum', 'survey', 'population', 'district', 'bridge', 'archive', 'market', 'record', 'annual', 'report', 'valley', 'census'];
  const lines = [`== Page ${page} of the regional survey ==`];
  if (page === 1) lines.push(FACT);
  let row = 0;
  while (lines.join('\n').length < CHARS_PER_PAGE) {
    row++;
    const name = `${words[Math.floor(random() * words.length)]} ${words[Math.floor(random() * words.length)]}`;
    const note = Array.from({ length: 6 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(' ');
    lines.push(`${row}. ${name}: id=${Math.floor(random() * 90_000) + 10_000} value=${(random() * 1000).toFixed(2)} year=${1900 + Math.floor(random() * 124)} — ${note}.`);
  }
  return lines.join('\n').slice(0, CHARS_PER_PAGE);
}

// The compaction call's instructions for this budget: how the scripted model tells that call apart.
const compactionInstructions = renderPrompt(memoryPromptTemplates.summarySystem, { maxWords: Math.floor(Math.min(2048, BUDGET / 10) * 0.7) });

/** What one model call received, counted with the real o200k tokenizer. */
interface Call {
  inputTokens: number;
  characters: number;
  compaction: boolean;
  /** Tokens of the leading messages identical to the previous action request's: what a prefix cache can reuse. */
  sharedPrefixTokens: number;
}

/**
 * A scripted model that reads page k at step k and answers at the last step with the fact, if the
 * messages it was sent still hold it. It counts its input with o200k_base, as gpt-4o would.
 */
class LongRunModel implements Model {
  readonly modelId = 'gpt-4o';
  readonly calls: Call[] = [];
  factSeenAtTheEnd = false;
  private step = 0;
  private previous: ChatMessage[] = [];

  constructor(private readonly countTokens: (text: string) => number, private readonly isCompaction: (messages: ChatMessage[]) => boolean) {}

  async generate(messages: ChatMessage[], _options: GenerateOptions = {}): Promise<ModelReply> {
    const text = messages.map((message) => `${message.role}: ${contentText(message.content)}${JSON.stringify(message.toolCalls ?? '')}`).join('\n');
    const inputTokens = this.countTokens(text) + 3 * messages.length;
    const compaction = this.isCompaction(messages);
    let shared = 0;
    if (!compaction) {
      while (shared < Math.min(messages.length, this.previous.length) && JSON.stringify(messages[shared]) === JSON.stringify(this.previous[shared])) shared++;
      this.previous = messages;
    }
    const sharedPrefixTokens = messages.slice(0, shared).reduce((sum, message) => sum + this.countTokens(contentText(message.content)) + 3, 0);
    this.calls.push({ inputTokens, characters: text.length, compaction, sharedPrefixTokens });
    let content: string;
    if (compaction) {
      // A summarizer that keeps the one fact that matters and notes what was read.
      const pages = [...text.matchAll(/== Page (\d+) of/g)].map((match) => Number(match[1]));
      const keep = text.includes('7391-QX') ? ` ${FACT}` : '';
      content = `Read the survey pages ${Math.min(...pages)} to ${Math.max(...pages)}; each lists numbered records (name, id, value, year, note).${keep} No page so far answers the task by itself.`;
    } else {
      this.step++;
      content =
        this.step < STEPS
          ? `Thought: Page ${this.step} may hold what the task asks for; I read it and print it whole so that I can look for the archive code.\n\`\`\`js\nconst page${this.step} = await read_page({ page: ${this.step} });\nconsole.log(page${this.step});\n\`\`\``
          : `Thought: I have read every page; I answer with the access code I found.\n\`\`\`js\nfinal_answer(${JSON.stringify((this.factSeenAtTheEnd = text.includes('7391-QX')) ? '7391-QX' : 'unknown')});\n\`\`\``;
    }
    return { role: 'assistant', content, tokenUsage: { inputTokens, outputTokens: this.countTokens(content) } };
  }
}

interface LongRunFigures {
  totalInputTokens: number;
  largestRequest: number;
  totalCharacters: number;
  largestCharacters: number;
  compactionCalls: number;
  sharedPrefixShare: number;
  /** Compaction moves: [shorten, fold]. */
  moves: [number, number];
  answer: unknown;
}

async function longRun(options: { maxTokensMemory?: number }, countTokens: (text: string) => number): Promise<LongRunFigures> {
  const readPage = tool({
    name: 'read_page',
    description: 'Returns one page of the regional survey.',
    inputSchema: z.object({ page: z.number().int() }),
    execute: ({ page }) => benchPage(page),
  });
  const model = new LongRunModel(countTokens, (messages) => messages[0]?.content === compactionInstructions);
  const agent = new CodeAgent({ model, tools: [readPage], maxSteps: STEPS, ...options });
  const answer = await agent.run('Find the archive access code in the regional survey (read the pages in order).');
  await agent.dispose();
  const moves = agent.memory.steps.flatMap((step) => (step.type === 'compaction' ? [step.move] : []));
  return {
    totalInputTokens: model.calls.reduce((sum, call) => sum + call.inputTokens, 0),
    largestRequest: Math.max(...model.calls.map((call) => call.inputTokens)),
    totalCharacters: model.calls.reduce((sum, call) => sum + call.characters, 0),
    largestCharacters: Math.max(...model.calls.map((call) => call.characters)),
    compactionCalls: model.calls.filter((call) => call.compaction).length,
    moves: [moves.filter((move) => move === 'shorten').length, moves.filter((move) => move === 'fold').length],
    sharedPrefixShare: model.calls.reduce((sum, call) => sum + call.sharedPrefixTokens, 0) / model.calls.reduce((sum, call) => sum + (call.compaction ? 0 : call.inputTokens), 0),
    answer,
  };
}

/** The long-run section: 30 steps printing ~3,000 characters each, without and with a memory budget. */
export async function measureLongRun(): Promise<string> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  const unbudgeted = await longRun({}, countTokens);
  const budgeted = await longRun({ maxTokensMemory: BUDGET }, countTokens);
  const count = (value: number) => value.toLocaleString('en-US');
  const rows = [row('no budget', unbudgeted, unbudgeted), row(`maxTokensMemory: ${count(BUDGET)}`, budgeted, unbudgeted)];
  return [
    `## Long run: ${STEPS} steps, ~${count(CHARS_PER_PAGE)} printed characters each\n`,
    `A CodeAgent (QuickJS) with a scripted model reads page k at step k and prints it; the last step answers with a fact printed at step 1. Tokens counted with o200k_base (gpt-4o) on what the model was sent, compaction calls included. "Prefix shared" is the part of the action requests' input that repeats the previous request's leading messages, which a provider's prefix cache can serve.\n`,
    table(['memory', 'total input tokens', 'vs no budget', 'largest request', 'characters sent', 'largest request (chars)', 'moves (shorten / fold)', 'compaction calls', 'prefix shared with the previous step', 'fact kept'], rows),
    '',
  ].join('\n');

  function row(label: string, figures: LongRunFigures, base: LongRunFigures): string[] {
    return [
      label,
      count(figures.totalInputTokens),
      `${((figures.totalInputTokens / base.totalInputTokens) * 100).toFixed(1)}%`,
      count(figures.largestRequest),
      count(figures.totalCharacters),
      count(figures.largestCharacters),
      `${figures.moves[0]} / ${figures.moves[1]}`,
      String(figures.compactionCalls),
      `${(figures.sharedPrefixShare * 100).toFixed(0)}% of input tokens`,
      figures.answer === '7391-QX' ? 'yes' : 'no',
    ];
  }
}
