import { parentPort, workerData } from 'node:worker_threads';
import { QuickJsSandbox, SandboxBroken } from './quickjs-sandbox.js';
import type { HostMessage, HostRequest, Reply, WorkerMessage } from './sandbox-protocol.js';
import type { WasmModule } from './webassembly.js';

/**
 * The entry of a sandbox worker thread. It hosts many sandboxes, each with its own QuickJS
 * instance made from the WASM module the host compiled once. Requests for different sandboxes
 * interleave while their actions wait for tools; guest code of one sandbox runs until it awaits
 * host work or its deadline stops it. A sandbox that breaks (a WASM trap, the thread's stack
 * overflowing inside QuickJS) is dropped whole; the others go on.
 */
const { wasmModule } = workerData as { wasmModule: WasmModule };
const port = parentPort!;
const sandboxes = new Map<number, QuickJsSandbox>();
/** Requests for one sandbox run one after the other. */
const queues = new Map<number, Promise<void>>();

const send = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (message: HostMessage) => {
  switch (message.type) {
    case 'tool-result':
      sandboxes.get(message.sandboxId)?.toolResult(message.requestId, message.callId, message);
      return;
    case 'wake':
      sandboxes.get(message.sandboxId)?.wake();
      return;
    case 'close':
      sandboxes.delete(message.sandboxId);
      queues.delete(message.sandboxId);
      return;
    default:
      enqueue(message);
  }
});

function enqueue(request: HostRequest): void {
  const previous = queues.get(request.sandboxId) ?? Promise.resolve();
  const next = previous.then(() => handle(request));
  queues.set(request.sandboxId, next);
}

async function handle(request: HostRequest): Promise<void> {
  let reply: Reply;
  let dropped = false;
  try {
    reply = await run(request);
  } catch (error) {
    // Only the engine itself throws here (guest errors are replies): drop the sandbox whole.
    const reason = error instanceof SandboxBroken ? error.message : error instanceof Error ? `${error.name}: ${error.message}` : 'unknown';
    reply = { kind: 'lost', reason: reason.slice(0, 500), logs: '' };
  }
  const sandbox = sandboxes.get(request.sandboxId);
  // Broken by a failure outside the request's own calls (see QuickJsSandbox.touch): dropped too.
  if (reply.kind === 'lost' || sandbox?.tainted || sandbox?.broken !== undefined) {
    sandboxes.delete(request.sandboxId);
    dropped = true;
  }
  send({ type: 'reply', sandboxId: request.sandboxId, requestId: request.requestId, reply, dropped });
}

async function run(request: HostRequest): Promise<Reply> {
  if (request.type === 'open') {
    const host = {
      callTool: (requestId: number, callId: number, name: string, argumentsJson: string) =>
        send({ type: 'tool-call', sandboxId: request.sandboxId, requestId, callId, name, argumentsJson }),
    };
    const { sandbox, reply } = await QuickJsSandbox.create(wasmModule, request.settings, new Int32Array(request.interrupt), host, request);
    if (sandbox) sandboxes.set(request.sandboxId, sandbox);
    return reply;
  }
  const sandbox = sandboxes.get(request.sandboxId);
  if (!sandbox) return { kind: 'lost', reason: 'The sandbox is not open in this worker.', logs: '' };
  switch (request.type) {
    case 'tools':
      return sandbox.setTools(request.requestId, request.deadline, request.toolNames);
    case 'variables':
      return sandbox.setVariables(request.requestId, request.deadline, request.json);
    case 'execute':
      return sandbox.execute(request.requestId, request.deadline, request.code);
  }
}
