import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PyodideExecutor } from '../../../src/executors/pyodide/pyodide-executor.js';
import { childWalls } from '../../../src/executors/pyodide/pyodide-process.js';
import { HIDDEN_DIRECTORIES, MOUNT_SCRIPT, planWalls, probeWallFacts, warnOnce, type WallFacts } from '../../../src/executors/pyodide/os-walls.js';

const request = { memoryLimitBytes: 512 * 2 ** 20, uid: 1_800_000_123, maxProcesses: 32 };
const linuxRoot: WallFacts = { platform: 'linux', root: true, nodeMajor: 20, networkNamespace: 'direct', mountNamespace: true, unprivilegedUser: true, noNewPrivileges: true, prlimit: true };

describe('planning the walls from what the machine offers', () => {
  test('Linux as root: network and mount namespaces, own user, memory, process and file limits', () => {
    const plan = planWalls(linuxRoot, request);
    assert.deepEqual(plan.prefix, [
      'unshare', '--net', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', MOUNT_SCRIPT, 'sh',
      'setpriv', '--reuid=1800000123', '--regid=1800000123', '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--',
      'prlimit', `--data=${512 * 2 ** 20}`, '--fsize=0', '--core=0', '--nproc=32', '--',
    ]);
    assert.deepEqual(plan.warnings, []);
  });

  test('each wall the machine lacks is left out with one warning line', () => {
    const cases: [Partial<WallFacts>, RegExp[]][] = [
      [{ networkNamespace: 'none' }, [/no network namespace/, /no mount namespace/]],
      [{ mountNamespace: false }, [/no mount namespace/]],
      // Without a user of its own there is no process limit either (RLIMIT_NPROC is per user).
      [{ unprivilegedUser: false }, [/runs as root/, /no process limit/]],
      [{ prlimit: false }, [/no OS memory limit/]],
      [{ platform: 'darwin' }, [/no operating-system walls on darwin/]],
    ];
    for (const [change, expected] of cases) {
      const plan = planWalls({ ...linuxRoot, ...change }, request);
      assert.equal(plan.warnings.length, expected.length, JSON.stringify(change));
      expected.forEach((pattern, index) => assert.match(plan.warnings[index]!, pattern));
      for (const line of plan.warnings) assert.doesNotMatch(line, /\n/, 'a warning is one line');
    }
  });

  test('without root: a user namespace for the network, the host user, and no process limit (it would count every process of that user)', () => {
    const plan = planWalls({ ...linuxRoot, root: false, networkNamespace: 'user-namespace', unprivilegedUser: false }, request);
    assert.deepEqual(plan.prefix.slice(0, 4), ['unshare', '--user', '--net', '--']);
    assert.ok(!plan.prefix.some((argument) => argument.startsWith('--nproc')));
    assert.ok(!plan.prefix.some((argument) => argument.startsWith('--reuid')));
    assert.equal(plan.warnings.length, 2);
    assert.match(plan.warnings[0]!, /no mount namespace/);
    assert.match(plan.warnings[1]!, /no process limit/);
  });

  test("Node 25+ denies the network itself where no namespace is to be had", () => {
    const plan = planWalls({ ...linuxRoot, networkNamespace: 'none', nodeMajor: 25 }, request);
    assert.equal(plan.warnings.length, 1);
    assert.match(plan.warnings[0]!, /no mount namespace/);
    assert.ok(plan.holds.some((line) => /permission model denies/.test(line)));
  });

  test('a warning is emitted once per process', async () => {
    const seen: string[] = [];
    const listener = (warning: Error) => seen.push(warning.message);
    process.on('warning', listener);
    warnOnce(['PyodideExecutor: test warning A', 'PyodideExecutor: test warning A']);
    warnOnce(['PyodideExecutor: test warning A']);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', listener);
    assert.deepEqual(seen, ['PyodideExecutor: test warning A']);
  });
});

/**
 * Runs a plain Node program (no permission model, no JavaScript sandbox) inside the walls alone.
 * It reports by printing JSON lines; the last one wins, so that a program the walls kill still
 * tells how far it got.
 */
function runInsideWalls(prefix: string[], program: string): Promise<Record<string, unknown>> {
  const [command, ...args] = [...prefix, process.execPath, '-e', program];
  return new Promise((resolve, reject) => {
    execFile(command!, args, { env: {}, cwd: '/', timeout: 30_000 }, (error, stdout, stderr) => {
      const last = stdout.trim().split('\n').filter(Boolean).pop();
      if (last) resolve(JSON.parse(last) as Record<string, unknown>);
      else reject(new Error(`the program inside the walls said nothing: ${String(error)} ${stderr.slice(0, 500)}`));
    });
  });
}

const facts = await probeWallFacts();
const fullWalls = facts.platform === 'linux' && facts.root && facts.networkNamespace !== 'none' && facts.mountNamespace === true && facts.unprivilegedUser && facts.prlimit;

/**
 * The operating system's walls on their own, as if everything inside the child had fallen: a Node
 * program with all of Node at hand, run under exactly the child's wrapper commands.
 */
describe('the OS walls hold on their own', { skip: fullWalls ? false : 'this machine does not offer every wall (see the warnings)' }, () => {
  let directory: string;
  let server: Server;
  let port: number;
  let socketPath: string;
  let unixServer: Server;
  let connections = 0;

  before(async () => {
    directory = mkdtempSync(path.join(tmpdir(), 'smolagents-walls-'));
    chmodSync(directory, 0o777);
    server = createServer((_request, response) => response.end('secret')).on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    // Like docker.sock: only root (and a group) may connect.
    socketPath = path.join(directory, 'root-only.sock');
    unixServer = createServer((_request, response) => response.end('secret')).on('connection', () => connections++);
    await new Promise<void>((resolve) => unixServer.listen(socketPath, resolve));
    chmodSync(socketPath, 0o660);
  });
  after(() => {
    server.close();
    unixServer.close();
    rmSync(directory, { recursive: true, force: true });
  });

  const probe = (body: string) =>
    `(async () => { const out = {}; const report = () => fs.writeSync(1, JSON.stringify(out) + '\\n'); const fs = require('node:fs'); const net = require('node:net'); ${body}; report(); })()`;
  const connect = (target: string) =>
    `await new Promise((resolve) => { const s = net.connect(${target}); s.setTimeout(3000); s.on('connect', () => { out.connected = (out.connected || []).concat(${JSON.stringify(target)}); s.destroy(); resolve(); }); s.on('error', (e) => { out.errors = (out.errors || []).concat(e.code); resolve(); }); s.on('timeout', () => { s.destroy(); resolve(); }); })`;

  test('no network: neither the loopback service nor a root-only Unix socket', async () => {
    const { prefix } = await childWalls(512, 1_800_000_001);
    const out = await runInsideWalls(prefix, probe(`${connect(`{ host: '127.0.0.1', port: ${port} }`)}; ${connect(JSON.stringify(socketPath))}; out.interfaces = Object.keys(require('node:os').networkInterfaces())`));
    assert.equal(out.connected, undefined, JSON.stringify(out));
    assert.deepEqual(out.interfaces, []);
    assert.equal(connections, 0);
  });

  test('no Unix socket under /tmp, /run or /dev/shm is reachable, even one anyone may connect to (the probe can tell: it connects without the walls)', async () => {
    // srwxrwxrwx: neither the user nor the network namespace stops a connection to it; only hiding the path does.
    const open = path.join(directory, 'anyone.sock');
    const openServer = createServer((_request, response) => response.end('secret'));
    await new Promise<void>((resolve) => openServer.listen(open, resolve));
    chmodSync(open, 0o777);
    try {
      const body = `${connect(JSON.stringify(open))}; out.tmp = fs.readdirSync('/tmp').length; out.run = fs.readdirSync('/run').length; try { fs.mkdirSync('/tmp/smolagents-walls-probe-' + process.pid); out.madeDirectory = true; } catch (e) { out.mkdir = e.code; }`;
      const without = await runInsideWalls([], probe(body));
      assert.deepEqual(without.connected, [JSON.stringify(open)], JSON.stringify(without));
      const { prefix } = await childWalls(512, 1_800_000_006);
      const out = await runInsideWalls(prefix, probe(body));
      assert.equal(out.connected, undefined, JSON.stringify(out));
      assert.deepEqual(out.errors, ['ENOENT']);
      assert.equal(out.tmp, 0);
      assert.equal(out.run, 0);
      assert.equal(out.mkdir, 'EROFS');
    } finally {
      openServer.close();
    }
  });

  test("an unprivileged user of its own: no capabilities, no new privileges, no signals to the host, no host files", async () => {
    const { prefix } = await childWalls(512, 1_800_000_002);
    const out = await runInsideWalls(prefix, probe(`
      out.uid = process.getuid();
      const status = fs.readFileSync('/proc/self/status', 'utf8');
      out.capEff = /CapEff:\\s*(\\w+)/.exec(status)[1];
      out.noNewPrivs = /NoNewPrivs:\\s*(\\d)/.exec(status)[1];
      try { process.kill(${process.pid}, 0); out.signalled = true; } catch (e) { out.signal = e.code; }
      try { fs.readFileSync('/proc/${process.pid}/environ'); out.readEnviron = true; } catch (e) { out.environ = e.code; }
      try { fs.writeFileSync('/root-owned-test-file', 'x'); out.wroteRoot = true; } catch (e) { out.root = e.code; }`));
    assert.equal(out.uid, 1_800_000_002);
    assert.equal(out.capEff, '0000000000000000');
    assert.equal(out.noNewPrivs, '1');
    assert.equal(out.signal, 'EPERM');
    assert.equal(out.environ, 'EACCES');
    assert.equal(out.root, 'EACCES');
  });

  test('no file contents can be written, even where anyone may write', async (t) => {
    const { prefix } = await childWalls(512, 1_800_000_003);
    // Not under /tmp: the child's mount namespace hides that (tested above); this is about RLIMIT_FSIZE.
    const parent = scratchParentTheChildSees();
    if (!parent) return t.skip('no directory outside the hidden ones that the child\'s user can reach');
    const writable = mkdtempSync(path.join(parent, 'smolagents-scratch-walls-'));
    chmodSync(writable, 0o777);
    after(() => rmSync(writable, { recursive: true, force: true }));
    const target = path.join(writable, 'written.txt');
    const out = await runInsideWalls(prefix, probe(`try { fs.writeFileSync(${JSON.stringify(target)}, 'x'.repeat(100)); out.wrote = true; } catch (e) { out.write = e.code; }`));
    assert.equal(out.write, 'EFBIG');
    assert.equal(readFileSync(target, 'utf8'), '', 'the file may be created, but stays empty');
  });

  test('memory outside the JS heap stops at the limit (the program fails or dies first)', async () => {
    const { prefix } = await childWalls(512, 1_800_000_005);
    const out = await runInsideWalls(prefix, probe(`
      const kept = [];
      out.megabytes = 0;
      report();
      try { while (kept.length < 200) { kept.push(Buffer.alloc(16 * 1024 * 1024, 1)); out.megabytes = kept.length * 16; report(); } } catch (e) { out.error = String(e.message); }`));
    assert.ok((out.megabytes as number) < 512, `held ${String(out.megabytes)} MB`);
    assert.ok((out.megabytes as number) >= 16, 'the program could not even start allocating: the probe proves nothing');
  });

  test('processes and threads are limited for the child user', async () => {
    const { prefix } = await childWalls(512, 1_800_000_004);
    const out = await runInsideWalls(prefix, probe(`
      const { spawn } = require('node:child_process');
      const children = [];
      out.started = 0;
      for (let i = 0; i < 64; i++) {
        try { const c = spawn('/bin/sleep', ['5']); c.on('error', () => {}); if (!c.pid) break; children.push(c); out.started++; } catch (e) { break; }
      }
      for (const c of children) c.kill();`));
    assert.ok((out.started as number) < 32, `started ${String(out.started)} processes`);
  });

  test("a live Pyodide child runs in its own network namespace, as its own user, with the limits", async () => {
    const executor = new PyodideExecutor({ memoryLimitMb: 640 });
    try {
      await executor.warmUp();
      const pid = (executor as unknown as { session: { process: { pid: number } } }).session.process.pid;
      assert.notEqual(readlinkSync(`/proc/${pid}/ns/net`), readlinkSync('/proc/self/ns/net'));
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      assert.notEqual(/Uid:\s*(\d+)/.exec(status)?.[1], '0');
      assert.match(status, /NoNewPrivs:\s*1/);
      const limits = readFileSync(`/proc/${pid}/limits`, 'utf8');
      assert.match(limits, new RegExp(`Max data size\\s+${640 * 2 ** 20}\\s`));
      assert.match(limits, /Max file size\s+0\s/);
      assert.match(limits, /Max processes\s+32\s/);
      assert.equal((await executor.execute('final_answer(1 + 1)')).output, 2);
    } finally {
      await executor.dispose();
    }
  });
});

/**
 * A directory the walled child can reach: not under the directories its mount namespace hides, and
 * every ancestor searchable by others (the child runs as a user of its own). The clone itself may
 * live under /tmp (the fresh-clone check puts it there), so a few system directories come next.
 */
function scratchParentTheChildSees(): string | undefined {
  const hidden = (directory: string) => HIDDEN_DIRECTORIES.some((root) => directory === root || directory.startsWith(root + '/'));
  const reachable = (directory: string): boolean => {
    for (let current = directory; ; current = path.dirname(current)) {
      if ((statSync(current).mode & 0o001) === 0) return false;
      if (current === path.dirname(current)) return true;
    }
  };
  return [process.cwd(), '/var/cache', '/opt', '/srv', '/mnt'].find((directory) => existsSync(directory) && !hidden(directory) && reachable(directory));
}
