import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { agentLoggerFactory, type AgentEventLogger } from '../../src/agents/agent-logging.js';
import { CodeAgent } from '../../src/agents/code-agent.js';
import type { AgentEvent } from '../../src/agents/events.js';
import { ToolCallingAgent } from '../../src/agents/tool-calling-agent.js';
import { ScriptedModel } from '../../src/models/scripted-model.js';
import { AgentLogger } from '../../src/telemetry/logger.js';

const finalAnswer = (answer: unknown) => ({ role: 'assistant' as const, content: '', toolCalls: [{ id: 'f', name: 'final_answer', arguments: { answer } }] });
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

function buffer(isTTY = false): { write(text: string): void; isTTY: boolean; text: string } {
  return {
    isTTY,
    text: '',
    write(text: string) {
      this.text += text;
    },
  };
}

describe('agents log their own events', () => {
  test('a logger given as an option renders the run that run() drains, with its closing line', async () => {
    const output = buffer();
    const agent = new ToolCallingAgent({ model: new ScriptedModel([finalAnswer('Paris')]), logger: new AgentLogger({ output, colors: false }) });
    assert.equal(await agent.run('Capital of France?'), 'Paris');
    assert.match(output.text, /━━ New run · ToolCallingAgent/);
    assert.match(output.text, /Capital of France\?/);
    assert.match(output.text, /→ final_answer\(\{"answer":"Paris"\}\)/);
    assert.match(output.text, /━━ Done/);
    assert.match(output.text, /1 step \| Input tokens: 10 \| Output tokens: 5/);
  });

  test('stream() goes through the same logger; stopping early closes the loop and the logger', async () => {
    const seen: AgentEvent['type'][] = [];
    let stopped = 0;
    const logger: AgentEventLogger = { log: (event) => seen.push(event.type), stop: () => stopped++ };
    const agent = new CodeAgent({ model: new ScriptedModel(['```js\nconsole.log(1)\n```', '```js\nfinal_answer(2)\n```']), logger });
    try {
      for await (const event of agent.stream('count')) {
        if (event.type === 'observation') break;
      }
      assert.deepEqual(seen, ['run_start', 'step_start', 'model_request', 'model_output', 'code_action', 'observation']);
      assert.equal(stopped, 1);
      assert.equal(agent.memory.actionSteps.length, 0, 'the step in progress was not completed after the consumer left');
    } finally {
      await agent.dispose();
    }
  });

  test('the default: the step log on a terminal, nothing otherwise; verbosity and false override it', () => {
    assert.equal(agentLoggerFactory({}, buffer(false))('javascript'), undefined);
    const terminal = buffer(true);
    const made = agentLoggerFactory({}, terminal)('python');
    assert.ok(made instanceof AgentLogger);
    assert.equal(made.level, 'normal');
    assert.equal(agentLoggerFactory({ verbosity: 'quiet' }, buffer(true))('javascript'), undefined);
    assert.equal((agentLoggerFactory({ verbosity: 'verbose' }, buffer(false))('javascript') as AgentLogger).level, 'verbose');
    assert.equal(agentLoggerFactory({ logger: false }, buffer(true))('javascript'), undefined);
  });

  test('bad logger options fail at construction', () => {
    const model = new ScriptedModel([]);
    assert.throws(() => new ToolCallingAgent({ model, verbosity: 'loud' as never }), /verbosity must be one of 'quiet', 'normal', 'verbose', got "loud"/);
    assert.throws(() => new ToolCallingAgent({ model, logger: {} as never }), /logger must be an AgentLogger/);
    assert.throws(() => new ToolCallingAgent({ model, logger: new AgentLogger({ output: buffer() }), verbosity: 'verbose' }), /either `logger` or `verbosity`/);
  });

  test('a script run in a real terminal shows the step log by default, and not when stderr is a pipe', { skip: !existsSync('/usr/bin/script') && 'needs script(1)' }, () => {
    const program = [
      "import { ToolCallingAgent, ScriptedModel } from './src/index.ts';",
      "const model = new ScriptedModel([{ role: 'assistant', content: '', toolCalls: [{ id: 'f', name: 'final_answer', arguments: { answer: 42 } }] }]);",
      "console.log('answer', await new ToolCallingAgent({ model }).run('What is six times seven?'));",
    ].join(' ');
    const command = `node --import tsx --input-type=module -e ${JSON.stringify(program)}`;
    // script(1) gives the child a pseudo-terminal: stdout and stderr are both TTYs there.
    const inTerminal = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(inTerminal.status, 0, inTerminal.stderr);
    assert.match(inTerminal.stdout, /New run · ToolCallingAgent/);
    assert.match(inTerminal.stdout, /Final answer: 42/);
    const piped = spawnSync('sh', ['-c', command], { cwd: REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    assert.equal(piped.status, 0, piped.stderr);
    assert.equal(piped.stdout, 'answer 42\n');
    assert.equal(piped.stderr, '');
  });
});
