import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { cpuMilliseconds, IdleCpuWatch } from '../../../src/executors/pyodide/idle-cpu-watch.js';

/**
 * A child that burns CPU while it should be idle is found (red team, issue 16 follow-up: code that
 * escaped could use the machine between actions). Model code cannot run in the child's Node realm
 * between actions, so the watch is tested on its own, on a process that spins and one that waits,
 * as the Pyodide child does between commands.
 */
const linux = process.platform === 'linux';

test('a process that spins while idle is reported; one that waits is not', { skip: linux ? false : 'reads /proc (Linux only)' }, async () => {
  const spinner = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  const sleeper = spawn('/bin/sleep', ['60'], { stdio: 'ignore' });
  try {
    const reports: number[] = [];
    const quiet: number[] = [];
    const spinning = new IdleCpuWatch(spinner.pid!, 300, (used) => reports.push(used), 50);
    const waiting = new IdleCpuWatch(sleeper.pid!, 300, (used) => quiet.push(used), 50);
    spinning.start();
    waiting.start();
    // No deadline is asserted: the spinner is reported once it has used its budget, however long that takes here.
    while (reports.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(reports[0]! > 300, `reported at ${reports[0]} ms`);
    assert.equal(spinning.check(), undefined, 'a watch stops after it reported');
    const used = waiting.check();
    assert.ok(used !== undefined && used <= 300, `the waiting process used ${used} ms`);
    assert.deepEqual(quiet, []);
    waiting.stop();
    assert.equal(waiting.check(), undefined);
  } finally {
    spinner.kill('SIGKILL');
    sleeper.kill('SIGKILL');
  }
});

test('CPU time is read from /proc and is unknown for a process that is gone', { skip: linux ? false : 'Linux only' }, () => {
  assert.ok((cpuMilliseconds(process.pid) ?? -1) > 0);
  assert.equal(cpuMilliseconds(2 ** 22 + 12345), undefined);
});
