import { pythonExecutorMessages } from '../../prompts/code-agent-python.js';
import { CHILD_LOCKDOWN_SOURCE } from './child-lockdown.js';
import { MAX_BYTES_PER_CHAR, MAX_VALUE_CHARS, maxMessageBytes } from './protocol-limits.js';
import { SANDBOX_SOURCE } from './sandbox-source.js';

/**
 * The program of the Pyodide child process, as source text run with `node -e`, so that the child
 * needs no file at all: Node's permission model runs it with no read or write grant, and the host
 * sends Pyodide's files over the pipe (pyodide-files.ts).
 *
 * Two realms. This one (Node's) keeps the pipes to the host and the capabilities; Pyodide and the
 * model's code live in a `vm` context made from a null-prototype object (sandbox-source.ts), which
 * gets nothing from here but primitive-only functions. Once model code may have run, this realm
 * calls into the context only with primitives and reads back only strings, and it never awaits a
 * promise of the context again (its `then` could be the attacker's, handed our resolvers).
 *
 * Why tool calls block: Python calls a tool as a plain function, so the call must return the value
 * synchronously. JSPI is absent in Node 20, a SharedArrayBuffer cannot be shared with another
 * process, and workers are forbidden in the child. So the child blocks in `fs.readSync` on its input
 * pipe (fd 4; unlike fd 0, Node leaves it in blocking mode) until the host writes the tool's result,
 * and never returns to the event loop once the interpreter is loaded.
 *
 * Protocol. Host → child on fd 4: a `start` line followed by the raw bytes of the files and the
 * snapshot it announces, then JSON lines: configure, tools, variables, execute, tool_result.
 * Child → host on fd 3: loaded (once), fatal (only while loading), reply, tool_call — every line
 * made here with JSON.stringify from parsed values, so what the runner returns cannot add lines.
 */
export const WORKER_SOURCE = String.raw`
import fs from 'node:fs';
import vm from 'node:vm';
import { randomBytes, randomFillSync } from 'node:crypto';
import { types } from 'node:util';
${CHILD_LOCKDOWN_SOURCE}
const INPUT = 4;
const OUTPUT = 3;
const MAX_TOOL_ARGUMENTS_CHARS = ${MAX_VALUE_CHARS};
// The host refuses longer lines (protocol-limits.ts); this side turns a reply that would be one into an error the model can read.
const lineLimit = (maxPrintChars) => ${maxMessageBytes(0)} + ${MAX_BYTES_PER_CHAR} * (Number.isSafeInteger(maxPrintChars) && maxPrintChars > 0 ? maxPrintChars : 0);
const RESULT_TOO_LARGE = ${JSON.stringify(pythonExecutorMessages.resultTooLargeToSend)};
const pause = new Int32Array(new SharedArrayBuffer(4));
const exit = (code) => process.reallyExit(code);
// The host starts node with --expose-gc: the dead copies of the files and snapshot are freed at once
// rather than counted against the child's memory limit until V8 gets round to it.
const collectGarbage = globalThis.gc;
let pending = Buffer.alloc(0);
// This loop never yields to the event loop, so V8 may put off collecting ArrayBuffers an action
// dropped (they live outside the WASM heap but inside the OS memory limit): one action's garbage
// must not turn the next action's memory bomb into a killed child instead of a Python MemoryError.
// The trigger is growth since the last collection, not the level: what stays alive (Pyodide's own
// buffers) must not cost every action a full collection (~15 ms).
const ARRAY_BUFFER_GROWTH_BYTES = 32 * 1024 * 1024;
let arrayBuffersAfterCollection = 0;
function collectUnderPressure() {
  if (!collectGarbage || process.memoryUsage().arrayBuffers - arrayBuffersAfterCollection <= ARRAY_BUFFER_GROWTH_BYTES) return;
  collectGarbage();
  arrayBuffersAfterCollection = process.memoryUsage().arrayBuffers;
}

function send(message) {
  writeAll(Buffer.from(JSON.stringify(message) + '\n', 'utf8'));
}

function writeAll(data) {
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

/** More bytes from the host; exits when the host is gone. */
function fill() {
  const chunk = Buffer.allocUnsafe(1 << 20);
  for (;;) {
    try {
      const count = fs.readSync(INPUT, chunk, 0, chunk.length, null);
      if (count === 0) exit(0);
      return chunk.subarray(0, count);
    } catch (error) {
      // A pipe in non-blocking mode: wait a little and try again.
      if (error.code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

function readMessage() {
  const parts = [];
  for (;;) {
    const newline = pending.indexOf(10);
    if (newline >= 0) {
      parts.push(pending.subarray(0, newline));
      pending = pending.subarray(newline + 1);
      return JSON.parse(Buffer.concat(parts).toString('utf8'));
    }
    parts.push(pending);
    pending = fill();
  }
}

function readBytes(size) {
  const bytes = Buffer.allocUnsafe(size);
  let offset = 0;
  while (offset < size) {
    if (pending.length === 0) pending = fill();
    const count = Math.min(pending.length, size - offset);
    pending.copy(bytes, offset, 0, count);
    pending = pending.subarray(count);
    offset += count;
  }
  return bytes;
}

const start = readMessage();
const files = new Map();
for (const [name, size] of start.files) files.set(name, readBytes(size));
let snapshot = start.snapshot > 0 ? readBytes(start.snapshot) : undefined;

/**
 * A capability: whatever happens inside, nothing of this realm is thrown into the sandbox or
 * returned to it (only primitives go back). A stack overflow on entry to this very function is
 * beyond its reach; the sandbox's side of each call catches that one (sandbox-source.ts).
 */
const guard = (work, failed) => (...args) => {
  try {
    const result = work(...args);
    return (typeof result === 'object' && result !== null) || typeof result === 'function' ? failed : result;
  } catch {
    return failed;
  }
};
const asText = (value) => (typeof value === 'string' ? value : undefined);

let toolCallCount = 0;

function hostCall(name, argumentsJson) {
  if (typeof name !== 'string' || name.length > 200 || typeof argumentsJson !== 'string' || argumentsJson.length > MAX_TOOL_ARGUMENTS_CHARS) {
    return JSON.stringify({ ok: false, error: 'The tool call was malformed or its arguments too large.' });
  }
  let args;
  try {
    args = JSON.parse(argumentsJson);
  } catch {
    return JSON.stringify({ ok: false, error: 'The tool arguments were not valid JSON.' });
  }
  // Numbered, so that the reply to a call abandoned half-way (say, by a stack overflow in here) is
  // never taken for the reply to a later one: the host echoes the number.
  const callId = ++toolCallCount;
  send({ type: 'tool_call', name, args, callId });
  for (;;) {
    const message = readMessage();
    if (message.type === 'tool_result' && message.callId === callId) return JSON.stringify(message.reply);
  }
}

const capabilities = [
  guard((name) => (files.has(asText(name)) ? files.get(name).length : -1), -1),
  guard((name, view) => (types.isUint8Array(view) && files.has(asText(name)) ? files.get(name).copy(view) : -1), -1),
  guard((name) => (files.has(asText(name)) ? files.get(name).toString('utf8') : undefined), undefined),
  guard((view) => (types.isUint8Array(view) ? (randomFillSync(view), 0) : -1), -1),
  guard((count) => (Number.isInteger(count) && count >= 0 && count <= 65536 ? randomBytes(count).toString('base64') : undefined), undefined),
  guard(() => performance.now(), 0),
  guard((view, label, fatal, ignoreBOM) => (types.isUint8Array(view) && typeof label === 'string' && label.length < 40
    ? new TextDecoder(label, { fatal: fatal === true, ignoreBOM: ignoreBOM === true }).decode(view) : undefined), undefined),
  guard((text) => (typeof text === 'string' ? Buffer.byteLength(text, 'utf8') : 0), 0),
  guard((text, view) => (typeof text === 'string' && types.isUint8Array(view) ? new TextEncoder().encodeInto(text, view).written : 0), 0),
  guard(hostCall, undefined),
  guard((text) => { if (typeof text === 'string') process.stderr.write(text.slice(0, 10000) + '\n'); }, undefined),
  guard((view) => (types.isUint8Array(view) && snapshot ? snapshot.copy(view) : -1), -1),
];

let driver;
try {
  const started = performance.now();
  // This realm runs with --disallow-code-generation-from-strings (pyodide-process.ts): should any
  // object of it ever reach the sandbox, its Function compiles nothing. The sandbox needs eval.
  const context = vm.createContext(Object.create(null), { codeGeneration: { strings: true, wasm: true } });
  driver = vm.runInContext(${JSON.stringify(SANDBOX_SOURCE)}, context, { filename: 'smolagents-sandbox.js' })(...capabilities);
  vm.runInContext(files.get('pyodide.js').toString('utf8'), context, { filename: 'pyodide.js' });
  const createPyodideModule = vm.runInContext(files.get('pyodide.asm.js').toString('utf8'), context, { filename: 'pyodide.asm.js' });
  // The last await on the context: no model code has run in it yet.
  await driver.load(createPyodideModule, snapshot ? snapshot.length : 0, start.makeSnapshot === true);
  const fromSnapshot = snapshot !== undefined;
  // Loaded: the files and the snapshot are in the interpreter now; their memory goes back to the code's budget.
  files.clear();
  snapshot = undefined;
  collectGarbage?.();
  const milliseconds = performance.now() - started;
  if (start.makeSnapshot === true && !fromSnapshot) {
    // ~31 MB as base64, written in pieces: the child's small JS heap never holds the whole line.
    const view = driver.snapshot();
    const bytes = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
    writeAll(Buffer.from(JSON.stringify({ type: 'loaded', milliseconds }).slice(0, -1) + ',"snapshot":"'));
    const piece = 3 * 1024 * 1024;
    for (let offset = 0; offset < bytes.length; offset += piece) writeAll(Buffer.from(bytes.subarray(offset, offset + piece).toString('base64')));
    writeAll(Buffer.from('"}\n'));
    collectGarbage?.();
  } else {
    send({ type: 'loaded', milliseconds });
  }
  arrayBuffersAfterCollection = process.memoryUsage().arrayBuffers;
} catch (error) {
  send({ type: 'fatal', message: String((error && error.stack) || error).slice(0, 4000) });
  exit(1);
}

/** A primitive description of an error from the sandbox (its getters are the sandbox's own code). */
function describe(error) {
  try {
    const message = String(error && error.message !== undefined ? error.message : error);
    return { message: message.slice(0, 100000), fatal: Boolean(error && error.pyodide_fatal_error) || /fatally failed|fatal error/i.test(message) };
  } catch {
    return { message: 'unknown error', fatal: true };
  }
}

function handle(message) {
  switch (message.type) {
    case 'configure':
      driver.configure(String(message.runner), JSON.stringify(message.config));
      return null;
    case 'tools':
      driver.setTools(String(message.json));
      return null;
    case 'variables':
      driver.setVariables(String(message.json));
      return null;
    case 'execute':
      return JSON.parse(driver.execute(String(message.code), Number(message.maxPrintChars)));
    default:
      throw new Error('unknown message ' + message.type);
  }
}

try {
  for (;;) {
    const message = readMessage();
    if (message.type === 'tool_result') continue; // a late reply to an abandoned call
    let reply;
    try {
      reply = { type: 'reply', id: message.id, ok: true, result: handle(message) };
    } catch (error) {
      reply = { type: 'reply', id: message.id, ok: false, ...describe(error) };
    }
    let line = Buffer.from(JSON.stringify(reply) + '\n', 'utf8');
    const limit = lineLimit(message.type === 'execute' ? message.maxPrintChars : 0);
    if (line.length > limit) {
      const text = RESULT_TOO_LARGE.replace('{{size}}', String(line.length)).replace('{{limit}}', String(limit));
      line = Buffer.from(JSON.stringify({ type: 'reply', id: message.id, ok: true, result: { kind: 'error', errorType: 'ValueError', message: text, logs: '', truncated: false } }) + '\n', 'utf8');
    }
    writeAll(line);
    if (reply.fatal) exit(70);
    collectUnderPressure();
  }
} finally {
  // Whatever ends the loop ends the process: it never returns to the event loop.
  exit(70);
}
`;
