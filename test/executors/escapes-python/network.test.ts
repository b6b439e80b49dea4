import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { CodeExecutionError } from '../../../src/errors.js';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { ATTACKER_PRELUDE, payload, pythonString } from './attacker.js';

/** An HTTP server that counts every connection it is offered. */
async function countingServer(listen: (server: Server) => void): Promise<{ server: Server; connections: () => number }> {
  let connections = 0;
  const server = createServer((_request, response) => response.end('secret'));
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => {
    server.once('listening', () => resolve());
    listen(server);
  });
  return { server, connections: () => connections };
}

/**
 * The machine's own services stay out of reach (issue 16): an HTTP server on 127.0.0.1 and one on a
 * Unix socket that anyone may connect to (think docker.sock with loose permissions). Python tries
 * its socket module, and every route into the JavaScript around Pyodide tries Node's net and http,
 * including leaving the child's blocking loop so that Node's event loop would carry the request out.
 */
describe('Python code cannot reach the network', () => {
  let executor: PyodideExecutor;
  let directory: string;
  let tcp: Awaited<ReturnType<typeof countingServer>>;
  let unix: Awaited<ReturnType<typeof countingServer>>;
  let port: number;
  let socketPath: string;

  before(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'smolagents-network-'));
    chmodSync(directory, 0o777);
    socketPath = path.join(directory, 'service.sock');
    tcp = await countingServer((server) => server.listen(0, '127.0.0.1'));
    port = (tcp.server.address() as AddressInfo).port;
    unix = await countingServer((server) => server.listen(socketPath));
    chmodSync(socketPath, 0o777);
    executor = new PyodideExecutor({ timeoutMs: 5000 });
    await executor.warmUp();
  });
  after(async () => {
    await executor.dispose();
    tcp.server.close();
    unix.server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const run = (code: string) =>
    executor.execute(code).then(
      (result) => result.output,
      (error: unknown) => {
        assert.ok(error instanceof CodeExecutionError, `the attack raised a host error: ${String(error)}`);
        return `failed: ${error.message}`;
      },
    );

  test("Python's socket module reaches neither server", async () => {
    const output = await run(`${ATTACKER_PRELUDE}
socket = imp('socket')
reached = []
for target in [('127.0.0.1', ${port})]:
    try:
        s = socket.create_connection(target, timeout=2)
        s.sendall(b'GET / HTTP/1.0\\r\\n\\r\\n')
        reached.append(s.recv(100).decode())
    except BaseException as error:
        pass
try:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(${pythonString(socketPath)})
    reached.append('unix')
except BaseException:
    pass
final_answer(reached)`);
    assert.ok(!Array.isArray(output) || output.length === 0, `Python reached a server: ${JSON.stringify(output)}`);
    assert.equal(tcp.connections() + unix.connections(), 0);
  });

  test("Node's net and http, even with the event loop set free, reach neither server", async () => {
    const body = `
      const net = load('net');
      const http = load('http');
      const fs = load('fs');
      if (!net || !http) return 'no net module';
      process.on('uncaughtException', () => {});
      process.on('unhandledRejection', () => {});
      http.get('http://127.0.0.1:${port}/from-the-sandbox').on('error', () => {});
      net.connect('${socketPath}').on('error', () => {}).end('GET / HTTP/1.0\\r\\n\\r\\n');
      if (fs) {
        const readSync = fs.readSync;
        fs.readSync = function () { fs.readSync = readSync; throw new Error('leave the blocking loop'); };
      }
      return 'REACHED: requests started';`;
    const output = await run(`${ATTACKER_PRELUDE}\nfinal_answer(attack(${pythonString(payload(body))}))`);
    // Give a freed event loop time to carry the requests out.
    await sleep(1500);
    assert.equal(tcp.connections(), 0, `the loopback server was reached (${JSON.stringify(output)})`);
    assert.equal(unix.connections(), 0, `the Unix-socket server was reached (${JSON.stringify(output)})`);
  });

  test('fetch, wherever a route finds one, reaches neither server', async () => {
    const body = `
      if (typeof fetch !== 'function') return 'no fetch';
      fetch('http://127.0.0.1:${port}/fetch').catch(() => {});
      return 'REACHED: fetch started';`;
    await run(`${ATTACKER_PRELUDE}\nfinal_answer(attack(${pythonString(payload(body))}))`);
    await sleep(500);
    assert.equal(tcp.connections(), 0);
  });

  test('the executor still works after the attempts', async () => {
    assert.equal((await executor.execute('final_answer(6 * 7)')).output, 42);
  });
});
