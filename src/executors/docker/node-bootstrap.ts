/**
 * The main loop of the Node process inside the container for JavaScript actions, passed as
 * `node -e`. It runs the same guest prelude as the QuickJS executor (print, console, final_answer,
 * tools as async functions), in a `vm` context, so actions behave the same in both executors; the
 * host rewrites the code (top-level declarations → globals, auto-await) before sending it. The
 * `vm` context only keeps the action's globals apart: the container is the wall.
 *
 * Protocol: JSON lines like the Python runner's; tool calls carry a `callId` because JavaScript
 * actions may run several at once (`Promise.all`).
 */
export const NODE_BOOTSTRAP = String.raw`
'use strict';
const vm = require('node:vm');
const readline = require('node:readline');
const send = (value) => process.stdout.write(JSON.stringify(value) + '\n');
const context = vm.createContext({});
// Like QuickJS: no WebAssembly for the model's code.
vm.runInContext('delete globalThis.WebAssembly', context);
// Errors handed to the action must come from its own realm, or instanceof Error fails in there.
const guestError = vm.runInContext('(message) => new Error(message)', context);
// Awaiting a promise of the action's realm would call its (replaceable) then(): use the original.
const guestThen = vm.runInContext('Promise.prototype.then', context);
const settled = (promise) => new Promise((resolve, reject) => guestThen.call(promise, resolve, reject));
const pendingCalls = new Map();
let nextCallId = 1;
let api;
let messages = {};
// The container has no packages for the model: an import fails with the same words as in QuickJS.
const importModuleDynamically = (specifier) => {
  throw guestError(String(messages.noImportsAllowed || 'Import of {{module}} is not allowed.').replace('{{module}}', specifier));
};
let printed = { parts: [], length: 0, truncated: false, limit: 50000 };
// The host side of final_answer: the outcome of an action is what was recorded here, never a flag
// the action's own code could have written.
let acting = false;
let finalAnswerJson;

function hostFinalAnswer(json) {
  if (!acting) throw guestError(String(messages.noActionRunning));
  if (finalAnswerJson === undefined) finalAnswerJson = String(json);
}

function hostPrint(text) {
  if (printed.truncated || finalAnswerJson !== undefined) return;
  const line = text + '\n';
  const room = printed.limit - printed.length;
  if (line.length <= room) {
    printed.parts.push(line);
    printed.length += line.length;
  } else {
    printed.parts.push(line.slice(0, Math.max(0, room)));
    printed.length = printed.limit;
    printed.truncated = true;
  }
}

function hostCallTool(name, argumentsJson) {
  if (!acting || finalAnswerJson !== undefined) return Promise.reject(guestError(String(messages.afterFinalAnswer)));
  const callId = nextCallId++;
  return new Promise((resolve, reject) => {
    pendingCalls.set(callId, { resolve, reject });
    send({ type: 'tool_call', callId, name, args: JSON.parse(argumentsJson) });
  });
}

const hostSleep = (milliseconds) => new Promise((resolve) => setTimeout(() => resolve(''), milliseconds));

function lineOf(stack) {
  const match = /action\.js:(\d+)/.exec(String(stack || ''));
  return match ? Number(match[1]) : null;
}

async function execute(message) {
  printed = { parts: [], length: 0, truncated: false, limit: message.maxPrintChars };
  acting = true;
  finalAnswerJson = undefined;
  let result;
  try {
    const action = vm.runInContext(message.functionSource, context, { filename: 'action.js', importModuleDynamically });
    // The prelude's record: an object without a prototype holding its own strings.
    const record = await settled(api.run(action));
    if (finalAnswerJson !== undefined) result = { kind: 'final', value: JSON.parse(finalAnswerJson) };
    else if (record.kind === 'error') result = { kind: 'error', errorType: String(record.name), message: String(record.message), line: record.line || null };
    else if (record.valueJson !== undefined) result = { kind: 'value', hasValue: true, value: JSON.parse(record.valueJson) };
    else result = { kind: 'value', hasValue: record.text !== undefined && record.text !== 'undefined', value: record.text };
  } catch (error) {
    result = { kind: 'error', errorType: (error && error.name) || 'Error', message: String((error && error.message) || error), line: lineOf(error && error.stack) };
  } finally {
    acting = false;
  }
  return Object.assign(result, { logs: printed.parts.join(''), truncated: printed.truncated });
}

async function handle(message) {
  switch (message.type) {
    case 'configure': {
      const prelude = vm.runInContext(message.prelude, context, { filename: 'smolagents-prelude.js' });
      messages = message.messages;
      api = prelude(hostPrint, hostCallTool, hostSleep, hostFinalAnswer, message.messages, message.limits);
      return null;
    }
    case 'tools':
      api.defineTools(JSON.stringify(JSON.parse(message.json).map((tool) => tool.name)));
      return null;
    case 'variables':
      api.setVariables(message.json);
      return null;
    case 'execute':
      return await execute(message);
    default:
      throw new Error('unknown message ' + message.type);
  }
}

send({ type: 'loaded', milliseconds: 0 });
const lines = readline.createInterface({ input: process.stdin });
lines.on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    return; // not a message
  }
  if (!message || typeof message !== 'object') return;
  if (message.type === 'tool_result') {
    const call = pendingCalls.get(message.callId);
    if (!call) return;
    pendingCalls.delete(message.callId);
    const reply = message.reply;
    if (reply.ok) call.resolve(reply.value === undefined ? '' : JSON.stringify(reply.value));
    else call.reject(guestError(String(reply.error)));
    return;
  }
  // Only commands get replies: anything else on stdin (an attach request body) is not one.
  if (typeof message.id !== 'number') return;
  handle(message).then(
    (result) => send({ type: 'reply', id: message.id, ok: true, result }),
    (error) => send({ type: 'reply', id: message.id, ok: false, message: String((error && error.message) || error) }),
  );
});
lines.on('close', () => process.exit(0));
`;
