/**
 * The program of the Pyodide child process, as source text run with `node -e`: being a string, it
 * needs no file of its own, so the child's read permission covers the Pyodide directory only, and
 * it runs the same from `src/` (under tsx) and from `dist/`.
 *
 * Why tool calls block: Python calls a tool as a plain function, so the call must return the value
 * synchronously. Pyodide's `run_sync` needs JSPI (absent in Node 20), a SharedArrayBuffer cannot be
 * shared with another process, and the permission model forbids worker threads. So the child talks
 * to the host over two extra pipes and blocks in `fs.readSync` on its input pipe (fd 4; unlike fd 0,
 * Node leaves it in blocking mode) until the host writes the tool's result. The child never runs an
 * event loop while Python runs; it does nothing else, so blocking is exactly right.
 *
 * Protocol: JSON lines. Host → child on fd 4: start (once), configure, tools, variables, execute,
 * tool_result. Child → host on fd 3: loaded, reply, tool_call, fatal. argv[1] is the Pyodide directory.
 */
export const WORKER_SOURCE = String.raw`
import fs from 'node:fs';
import os from 'node:os';
import { syncBuiltinESMExports } from 'node:module';
import { pathToFileURL } from 'node:url';

const INPUT = 4;
const OUTPUT = 3;
const pyodideDirectory = process.argv[1];
const pause = new Int32Array(new SharedArrayBuffer(4));
let pending = Buffer.alloc(0);

function send(text) {
  const data = Buffer.from(text + '\n', 'utf8');
  let offset = 0;
  while (offset < data.length) {
    try {
      offset += fs.writeSync(OUTPUT, data, offset);
    } catch (error) {
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function readMessage() {
  // Chunks are joined once per line: the start message can carry a ~40 MB snapshot.
  const parts = [];
  for (;;) {
    const newline = pending.indexOf(10);
    if (newline >= 0) {
      parts.push(pending.subarray(0, newline));
      pending = pending.subarray(newline + 1);
      return JSON.parse(Buffer.concat(parts).toString('utf8'));
    }
    parts.push(pending);
    const chunk = Buffer.allocUnsafe(1 << 20);
    let count;
    try {
      count = fs.readSync(INPUT, chunk, 0, chunk.length, null);
    } catch (error) {
      // A pipe in non-blocking mode: wait a little and try again.
      if (error.code !== 'EAGAIN') throw error;
      pending = Buffer.alloc(0);
      Atomics.wait(pause, 0, 0, 1);
      continue;
    }
    if (count === 0) process.exit(0); // the host is gone
    pending = chunk.subarray(0, count);
  }
}

// Pyodide's Node file system support reads open() flags from process.binding('constants'), which the
// permission model refuses; hand it the same constants from the public API instead.
const deniedBinding = process.binding;
process.binding = (name) => (name === 'constants' ? { fs: fs.constants, os: os.constants } : deniedBinding.call(process, name));

// The host's first message says how to start: from a memory snapshot of a freshly loaded
// interpreter (made by an earlier child before any model code ran: ~0.3 s instead of ~2 s), or
// normally, making such a snapshot for the host.
const start = readMessage();
let pyodide;
try {
  const started = performance.now();
  const { loadPyodide } = await import(pathToFileURL(pyodideDirectory + '/pyodide.mjs').href);
  const options = {
    indexURL: pyodideDirectory + '/',
    packageCacheDir: pyodideDirectory + '/',
    stdout: () => {},
    stderr: () => {},
    env: { HOME: '/home/pyodide' },
  };
  if (start.snapshot) options._loadSnapshot = Buffer.from(start.snapshot, 'base64');
  else if (start.makeSnapshot) options._makeSnapshot = true;
  pyodide = await loadPyodide(options);
  const milliseconds = performance.now() - started;
  const snapshot = !start.snapshot && start.makeSnapshot ? Buffer.from(pyodide.makeMemorySnapshot()).toString('base64') : undefined;
  send(JSON.stringify({ type: 'loaded', milliseconds, fromSnapshot: Boolean(start.snapshot), snapshot }));
} catch (error) {
  send(JSON.stringify({ type: 'fatal', message: String(error && error.stack || error) }));
  process.exit(1);
}

// Remove what could reach another process from in here: the permission model does not cover
// signals (process.kill of the host), debugging another process, or process priorities.
const refuse = (name) => () => { throw new Error(name + ' is not available in the sandbox'); };
for (const name of ['kill', '_kill', '_debugProcess', '_debugEnd', 'binding', '_linkedBinding', 'dlopen',
  'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', 'chdir', 'umask']) {
  try { process[name] = refuse('process.' + name); } catch {}
}
os.setPriority = refuse('os.setPriority');
syncBuiltinESMExports();

const namespace = pyodide.globals.get('dict')();
let runner;

function hostCall(name, argumentsJson) {
  send('{"type":"tool_call","name":' + JSON.stringify(name) + ',"args":' + argumentsJson + '}');
  for (;;) {
    const message = readMessage();
    if (message.type === 'tool_result') return JSON.stringify(message.reply);
  }
}

function handle(message) {
  switch (message.type) {
    case 'configure': {
      pyodide.runPython(message.runner, { globals: namespace });
      runner = {
        configure: namespace.get('configure'),
        setTools: namespace.get('set_tools'),
        setVariables: namespace.get('set_variables'),
        execute: namespace.get('execute'),
      };
      runner.configure(JSON.stringify(message.config), hostCall);
      return 'null';
    }
    case 'tools':
      runner.setTools(message.json);
      return 'null';
    case 'variables':
      runner.setVariables(message.json);
      return 'null';
    case 'execute':
      return runner.execute(message.code, message.maxPrintChars);
    default:
      throw new Error('unknown message ' + message.type);
  }
}

for (;;) {
  const message = readMessage();
  if (message.type === 'tool_result') continue; // a late reply to an abandoned call
  try {
    const result = handle(message);
    send('{"type":"reply","id":' + message.id + ',"ok":true,"result":' + result + '}');
  } catch (error) {
    const fatal = Boolean(error && error.pyodide_fatal_error) || /fatally failed/.test(String(error));
    send(JSON.stringify({ type: 'reply', id: message.id, ok: false, fatal, message: String(error && error.message || error) }));
    if (fatal) process.exit(70);
  }
}
`;
