import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { CHILD_LOCKDOWN_SOURCE } from '../../../src/executors/pyodide/child-lockdown.js';
import { permissionFlag } from '../../../src/executors/pyodide/pyodide-process.js';

/**
 * The child's second line, on its own: as if model code had escaped the JavaScript sandbox into the
 * child's Node realm after the lockdown ran. Each probe reports what it reached; the child runs with
 * the same permission flags as the real one, so this checks the lockdown, not the OS walls.
 */
test('after the lockdown, the Node realm of the child has none of the dangerous surface left', async () => {
  const probe = String.raw`
import lockdownProbeModule from 'node:module';
const reached = [];
const attempt = (name, work) => { try { const result = work(); if (result !== false) reached.push(name); } catch {} };
attempt('process.binding', () => process.binding('spawn_sync'));
attempt('process._linkedBinding', () => process._linkedBinding('x'));
attempt('process.dlopen', () => process.dlopen({ exports: {} }, '/nonexistent.node'));
attempt('process.getBuiltinModule', () => process.getBuiltinModule('v8'));
attempt('process.kill', () => process.kill(process.ppid, 0));
attempt('process._debugProcess', () => process._debugProcess(process.ppid));
attempt('process.report.writeReport', () => process.report.writeReport('/tmp/x'));
attempt('process.report.directory', () => { process.report.directory = '/tmp'; return process.report.directory === '/tmp'; });
attempt('process.chdir', () => process.chdir('/'));
attempt('createRequire', () => lockdownProbeModule.createRequire(import.meta.url)('v8'));
attempt('Module._load', () => lockdownProbeModule._load('v8'));
attempt('Module.prototype.require', () => new lockdownProbeModule('x').require('v8'));
attempt('v8.setFlagsFromString', () => lockdownV8.setFlagsFromString('--trace-turbo'));
attempt('v8.writeHeapSnapshot', () => lockdownV8.writeHeapSnapshot('/tmp/x.heapsnapshot'));
attempt('os.setPriority', () => lockdownOs.setPriority(0, 19));
attempt('restore process.binding', () => { process.binding = () => 'mine'; return process.binding() === 'mine'; });
process.stdout.write(JSON.stringify(reached));
`;
  const output = await new Promise<string>((resolve, reject) => {
    execFile(process.execPath, [permissionFlag(), '--no-warnings', '--input-type=module', '-e', CHILD_LOCKDOWN_SOURCE + probe], { cwd: '/', env: {} }, (error, stdout, stderr) =>
      error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(stdout),
    );
  });
  assert.deepEqual(JSON.parse(output), []);
});

test('without the lockdown the same probes do reach things (the probe can tell)', async () => {
  const output = await new Promise<string>((resolve, reject) => {
    const program = `import v8 from 'node:v8'; const reached = []; try { if (process.getBuiltinModule('v8')) reached.push('getBuiltinModule'); } catch {} try { v8.setFlagsFromString('--no-trace-turbo'); reached.push('setFlagsFromString'); } catch {} process.stdout.write(JSON.stringify(reached));`;
    execFile(process.execPath, [permissionFlag(), '--no-warnings', '--input-type=module', '-e', program], { cwd: '/', env: {} }, (error, stdout, stderr) =>
      error ? reject(new Error(`${String(error)}\n${stderr}`)) : resolve(stdout),
    );
  });
  const reached = JSON.parse(output) as string[];
  assert.ok(reached.includes('setFlagsFromString'));
});
