import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AgentEvent } from '../../src/agents/events.js';
import type { RunResult } from '../../src/agents/run-result.js';
import type { ActionStep, PlanningStep } from '../../src/memory/steps.js';
import { AgentLogger, formatAnswer, formatCompaction, formatImage, thoughtBeforeCode, type LogLevel } from '../../src/telemetry/logger.js';
import { toImagePart } from '../../src/models/images.js';
import { solidPng } from '../support/test-images.js';

/** Collects what the logger writes, like a non-TTY stderr. */
function buffer(isTTY = false) {
  const chunks: string[] = [];
  return { isTTY, chunks, write: (text: string) => chunks.push(text), get text() { return chunks.join(''); } };
}

function actionStep(overrides: Partial<ActionStep>): ActionStep {
  return { type: 'action', stepNumber: 1, timing: { startTime: 0, endTime: 420, duration: 420 }, isFinalAnswer: false, ...overrides };
}

const step1 = actionStep({
  stepNumber: 1,
  modelInputMessages: [{ role: 'system', content: 'SYSTEM PROMPT TEXT' }, { role: 'user', content: 'TASK TEXT' }],
  tokenUsage: { inputTokens: 1234, outputTokens: 56 },
});
const step2 = actionStep({
  stepNumber: 2,
  timing: { startTime: 0, endTime: 1500, duration: 1500 },
  error: { type: 'AgentExecutionError', message: 'Code execution failed: ReferenceError: y is not defined' },
  tokenUsage: { inputTokens: 2000, outputTokens: 10 },
});

const plan: PlanningStep = {
  type: 'planning',
  plan: '1. Multiply.\n2. Answer.',
  modelInputMessages: [],
  modelOutputMessage: { role: 'assistant', content: '1. Multiply.\n2. Answer.' },
  timing: { startTime: 0, endTime: 100, duration: 100 },
  tokenUsage: { inputTokens: 10, outputTokens: 5 },
};

const events: AgentEvent[] = [
  { type: 'run_start', task: 'What is 6 times 7?', agentName: 'CodeAgent' },
  { type: 'model_output', stepNumber: 1, message: { role: 'assistant', content: '1. Multiply.\n2. Answer.' } },
  { type: 'plan', step: plan },
  { type: 'step_start', stepNumber: 1 },
  { type: 'model_output', stepNumber: 1, message: { role: 'assistant', content: 'Thought: multiply first.\n```js\nconst x = 6 * 7;\n```' } },
  { type: 'code_action', stepNumber: 1, code: 'const x = 6 * 7;\nconsole.log(x);' },
  { type: 'observation', stepNumber: 1, observation: '42' },
  { type: 'step_end', step: step1 },
  { type: 'step_start', stepNumber: 2 },
  { type: 'model_output', stepNumber: 2, message: { role: 'assistant', content: '```js\nfinal_answer(y)\n```' } },
  { type: 'code_action', stepNumber: 2, code: 'final_answer(y)' },
  { type: 'step_end', step: step2 },
  { type: 'final_answer', output: { value: 42 } },
];

const result: RunResult = {
  output: { value: 42 },
  state: 'success',
  steps: [{ type: 'task', task: 'x' }, plan, step1, step2, { type: 'final_answer', output: 42 }],
  tokenUsage: { inputTokens: 3244, outputTokens: 71 },
  timing: { startTime: 0, endTime: 2345, duration: 2345 },
};

function render(level: LogLevel, options: { colors?: boolean; isTTY?: boolean } = {}): string {
  const output = buffer(options.isTTY);
  const logger = new AgentLogger({ output, level, colors: options.colors ?? false, spinner: false });
  for (const event of events) logger.log(event);
  logger.summary(result);
  logger.stop();
  return output.text;
}

describe('AgentLogger', () => {
  it('renders a step log: headers, thought, code, observation, footers and a summary, in order', () => {
    const text = render('normal');
    const lines = text.split('\n');
    const order = [
      'New run · CodeAgent',
      'What is 6 times 7?',
      '━━ Plan',
      '1. Multiply.',
      '[Plan: Duration 0.10 s | Input tokens: 10 | Output tokens: 5]',
      '━━ Step 1 ',
      'Thought: multiply first.',
      '─ Code ─',
      'const x = 6 * 7;',
      '─ Observation ─',
      '42',
      '[Step 1: Duration 0.42 s | Input tokens: 1,234 | Output tokens: 56]',
      '━━ Step 2 ',
      'AgentExecutionError: Code execution failed: ReferenceError: y is not defined',
      '[Step 2: Duration 1.50 s | Input tokens: 2,000 | Output tokens: 10]',
      'Final answer: {"value":42}',
      '━━ Done',
      '2 steps | Input tokens: 3,244 | Output tokens: 71 | 2.35 s',
    ];
    let at = -1;
    for (const expected of order) {
      const found = lines.findIndex((line, index) => index > at && line.includes(expected));
      assert.ok(found > at, `expected "${expected}" after line ${at} in:\n${text}`);
      at = found;
    }
    // The planning reply is shown once (by the plan event), not also as a thought.
    assert.equal(text.split('1. Multiply.').length - 1, 1);
    // The code is not repeated as part of the thought.
    assert.equal(text.split('const x = 6 * 7;').length - 1, 1);
    assert.doesNotMatch(text, /\u001b\[/, 'no escape codes without colour');
    assert.doesNotMatch(text, /SYSTEM PROMPT TEXT/, 'model input only in verbose');
  });

  it('verbose adds the model input messages; quiet writes nothing', () => {
    const verbose = render('verbose');
    assert.match(verbose, /Model input \(2 messages\)/);
    assert.match(verbose, /\[system\] SYSTEM PROMPT TEXT/);
    assert.match(verbose, /\[user\] TASK TEXT/);
    assert.equal(render('quiet'), '');
  });

  it('verbose shows each image of the model input as its type and size, never its data', () => {
    const png = solidPng(300, 300);
    const output = buffer();
    const logger = new AgentLogger({ output, colors: false, level: 'verbose', language: 'javascript' });
    const step = actionStep({ stepNumber: 1, modelInputMessages: [{ role: 'user', content: [{ type: 'text', text: 'Look:' }, toImagePart(png), toImagePart('https://example.com/a.png')] }] });
    logger.log({ type: 'step_end', step });
    assert.match(output.text, new RegExp(`\\[user\\] Look:\\n\\[image image/png, ${Math.round(png.byteLength / 1024)} KB\\]\\n\\[image\\]`));
    assert.ok(!output.text.includes(png.toString('base64').slice(0, 40)));
    assert.equal(formatImage('image/jpeg', 40_960), '[image image/jpeg, 40 KB]');
  });

  it('names each compaction move', () => {
    const move = (kind: 'drop_images' | 'shorten' | 'fold') => formatCompaction({ type: 'compaction', move: kind, foldedUntil: 0, shortenedUntil: 0, tokensBefore: 9_000, tokensAfter: 3_000, timing: { startTime: 0, duration: 10 } });
    assert.equal(move('drop_images'), "Memory: older steps' images left out, 9,000 → 3,000 tokens");
    assert.equal(move('shorten'), 'Memory: older observations shortened, 9,000 → 3,000 tokens');
    assert.match(move('fold'), /^Memory: older steps folded into a summary, 9,000 → 3,000 tokens \| Duration 0\.01 s/);
  });

  it('colours code and headers when colours are on', () => {
    const text = render('normal', { colors: true });
    assert.match(text, /\u001b\[35mconst\u001b\[39m/, 'keyword coloured');
    assert.match(text, /\u001b\[33m6\u001b\[39m/, 'number coloured');
  });

  it('writes streamed deltas live, then does not repeat the thought', () => {
    const output = buffer();
    const logger = new AgentLogger({ output, level: 'normal', colors: false, spinner: false });
    logger.log({ type: 'step_start', stepNumber: 1 });
    logger.log({ type: 'model_delta', stepNumber: 1, delta: { content: 'Thought: str' } });
    const midway = output.text;
    logger.log({ type: 'model_delta', stepNumber: 1, delta: { content: 'eaming now' } });
    logger.log({ type: 'model_output', stepNumber: 1, message: { role: 'assistant', content: 'Thought: streaming now' } });
    logger.log({ type: 'code_action', stepNumber: 1, code: 'final_answer(1)' });
    assert.match(midway, /Thought: str$/, 'the first delta is written before the reply is complete');
    assert.equal(output.text.split('streaming now').length - 1, 1);
    assert.match(output.text, /Thought: streaming now\n─ Code ─\n/, 'the streamed line is closed before the next block');
  });

  it('renders tool calls and their results, errors marked', () => {
    const output = buffer();
    const logger = new AgentLogger({ output, level: 'normal', colors: false, spinner: false });
    logger.log({ type: 'step_start', stepNumber: 1 });
    logger.log({ type: 'tool_call', stepNumber: 1, toolCall: { id: 'c1', name: 'web_search', arguments: { query: 'paris' } } });
    logger.log({ type: 'tool_result', stepNumber: 1, toolCallId: 'c1', name: 'web_search', observation: 'Paris is the capital.', isError: false });
    logger.log({ type: 'tool_result', stepNumber: 1, toolCallId: 'c2', name: 'nope', observation: 'Unknown tool', isError: true });
    assert.match(output.text, /→ web_search\(\{"query":"paris"\}\)/);
    assert.match(output.text, /← web_search: Paris is the capital\./);
    assert.match(output.text, /← nope: Error: Unknown tool/);
  });

  it('cuts long observations unless verbose', () => {
    const long = 'x'.repeat(5000);
    for (const level of ['normal', 'verbose'] as const) {
      const output = buffer();
      const logger = new AgentLogger({ output, level, colors: false, spinner: false, maxObservationChars: 100 });
      logger.log({ type: 'observation', stepNumber: 1, observation: long });
      if (level === 'normal') {
        assert.ok(!output.text.includes('x'.repeat(101)));
        assert.match(output.text, /4,900 more characters/);
      } else assert.ok(output.text.includes(long));
    }
  });

  it('draws a spinner only when asked (TTY) and erases it before the next line', () => {
    const output = buffer(true);
    const logger = new AgentLogger({ output, level: 'normal', colors: false });
    logger.log({ type: 'step_start', stepNumber: 1 });
    assert.match(output.text, /Thinking…/);
    logger.log({ type: 'code_action', stepNumber: 1, code: 'final_answer(1)' });
    logger.stop();
    assert.match(output.text, /\r\u001b\[2K\u001b\[\?25h─ Code ─/, "the spinner line is erased before the next line");
    const piped = buffer(false);
    const quietSpinner = new AgentLogger({ output: piped, level: 'normal', colors: false });
    quietSpinner.log({ type: 'step_start', stepNumber: 1 });
    quietSpinner.stop();
    assert.doesNotMatch(piped.text, /Thinking/);
  });
});

describe('logger helpers', () => {
  it('thoughtBeforeCode takes the text before the first fence or <code> tag', () => {
    assert.equal(thoughtBeforeCode('I think.\n```js\nx\n```'), 'I think.');
    assert.equal(thoughtBeforeCode('Plan <code>x</code>'), 'Plan');
    assert.equal(thoughtBeforeCode('No code here'), 'No code here');
    // One label for the code in the log: its own "─ Code ─" line, not also the model's "Code:".
    assert.equal(thoughtBeforeCode('Thought: add them.\nCode:\n```js\nx\n```'), 'Thought: add them.');
    assert.equal(thoughtBeforeCode('Code:\n```js\nx\n```'), '');
  });

  it('formatAnswer keeps strings and writes other values as JSON', () => {
    assert.equal(formatAnswer('a\nb'), 'a\nb');
    assert.equal(formatAnswer([1, { a: 2 }]), '[1,{"a":2}]');
    assert.equal(formatAnswer(42), '42');
  });
});
