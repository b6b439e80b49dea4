import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AgentLogger } from '../../src/telemetry/logger.js';
import { terminalSafe } from '../../src/telemetry/terminal-safe.js';

// What hostile model output or tool results might carry to a terminal.
const ATTACKS = {
  'window title (OSC 0)': '\u001b]0;pwned\u0007',
  'clipboard write (OSC 52)': '\u001b]52;c;cm0gLXJmIH4=\u0007',
  'cursor up and erase line': '\u001b[1A\u001b[2K',
  'carriage return over the line': 'safe text\rrm -rf ~',
  'C1 control (CSI as one byte)': '\u009b31m',
  'backspaces': 'ok\b\b\bno',
  'bell and NUL': '\u0007\u0000',
};

test('every control character but colour, tab and newline is shown, not obeyed', () => {
  for (const [name, attack] of Object.entries(ATTACKS)) {
    const safe = terminalSafe(attack);
    assert.doesNotMatch(safe, /[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f]/, name);
    assert.doesNotMatch(safe, /\u001b(?!\[[0-9;]*m)/, `${name}: no escape but colour`);
  }
  assert.equal(terminalSafe('\u001b]0;x\u0007'), '\\u{1b}]0;x\\u{7}');
  assert.equal(terminalSafe('a\tb\nc\r\nd'), 'a\tb\nc\nd');
  assert.equal(terminalSafe('\u001b[1;32mgreen\u001b[0m'), '\u001b[1;32mgreen\u001b[0m');
});

test('the step log shows hostile text from events harmlessly', () => {
  const chunks: string[] = [];
  const logger = new AgentLogger({ output: { write: (text: string) => chunks.push(text) }, colors: false });
  logger.log({ type: 'run_start', task: `task ${ATTACKS['window title (OSC 0)']}`, agentName: 'A' });
  logger.log({ type: 'observation', stepNumber: 1, observation: `seen ${ATTACKS['clipboard write (OSC 52)']}` });
  logger.log({ type: 'model_delta', stepNumber: 1, delta: { content: ATTACKS['cursor up and erase line'] } });
  logger.log({ type: 'final_answer', output: ATTACKS['carriage return over the line'] });
  const text = chunks.join('');
  assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  assert.match(text, /task \\u\{1b\}\]0;pwned\\u\{7\}/);
});
