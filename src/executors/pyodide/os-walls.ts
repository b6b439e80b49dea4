import { execFile } from 'node:child_process';

/**
 * The operating system's walls around a Pyodide child (issue 16, DESIGN §5), on Linux: a network
 * namespace of its own (no interfaces: neither the internet nor the machine's own services), an
 * unprivileged user of its own when the host runs as root (no access to root's files or sockets,
 * no signals or ptrace between children), no new privileges, and resource limits: RLIMIT_DATA for
 * memory (it counts every private writable mapping — WASM memory, the JS heap, ArrayBuffers — but
 * not the address space V8 only reserves, which RLIMIT_AS would count and which breaks WASM),
 * RLIMIT_NPROC for processes and threads (per user, so only with a user of its own), no file
 * writes (RLIMIT_FSIZE 0) and no core dumps.
 *
 * They are util-linux commands that change themselves and exec the next (unshare → setpriv →
 * prlimit → node), so the child keeps one pid. What the machine cannot provide is left out with
 * one warning line each, once per process.
 */

/** What the machine offers, found once per process by trying the commands. */
export interface WallFacts {
  platform: NodeJS.Platform;
  root: boolean;
  nodeMajor: number;
  /** How `unshare --net` works here: directly (root), inside a user namespace, or not at all. */
  networkNamespace: 'direct' | 'user-namespace' | 'none';
  /** `unshare --mount` and mounting an empty tmpfs work here (root only). */
  mountNamespace?: boolean | undefined;
  /** setpriv can switch to an unprivileged user that may run the node binary (root only). */
  unprivilegedUser: boolean;
  /** setpriv can set no_new_privs. */
  noNewPrivileges: boolean;
  prlimit: boolean;
}

export interface WallPlan {
  /** The command to spawn and the arguments before node's own: empty when nothing wraps node. */
  prefix: string[];
  /** The walls that hold, in words (for docs, tests and `describe`). */
  holds: string[];
  /** One line per wall the machine cannot provide. */
  warnings: string[];
}

export interface WallRequest {
  memoryLimitBytes: number;
  /** The user the child runs as when the host is root; unique per live child. */
  uid: number;
  /** Processes and threads for that user (Node uses about 10). */
  maxProcesses: number;
}

/** The unprivileged users children run as are picked at random from this range (not in /etc/passwd). */
export const CHILD_UID_BASE = 1_800_000_000;
export const CHILD_UID_RANGE = 1 << 24;

const warning = (text: string) => `PyodideExecutor: ${text}`;

/**
 * Where Unix sockets live (docker.sock, D-Bus, databases…): a network namespace does not cover
 * sockets reached by path, so in a mount namespace of its own the child sees an empty, read-only
 * tmpfs over each. `/var/run` is usually a link to `/run`; a link is left alone (its target is covered).
 */
export const HIDDEN_DIRECTORIES = ['/tmp', '/var/tmp', '/run', '/var/run', '/dev/shm'];

/** The shell step that mounts them (then execs the next wrapper, so the child keeps one pid); any failure stops the child. */
export const MOUNT_SCRIPT =
  `for d in ${HIDDEN_DIRECTORIES.join(' ')}; do ` +
  'if [ -d "$d" ] && [ ! -L "$d" ]; then mount -t tmpfs -o ro,nosuid,nodev,noexec,size=4k,mode=555 smolagents-empty "$d" || exit 97; fi; ' +
  'done; exec "$@"';

/** The wrapper commands for a child, from the facts (pure, so that every degradation is testable). */
export function planWalls(facts: WallFacts, request: WallRequest): WallPlan {
  const prefix: string[] = [];
  const holds: string[] = [];
  const warnings: string[] = [];
  if (facts.platform !== 'linux') {
    warnings.push(warning(`no operating-system walls on ${facts.platform} (no network namespace, no separate user, no memory or process limit beyond the WASM cap); the child's only walls are Node's permission model and the JavaScript sandbox inside it.`));
    return { prefix, holds, warnings };
  }
  const mounts = facts.networkNamespace === 'direct' && facts.mountNamespace === true;
  if (mounts) prefix.push('unshare', '--net', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', MOUNT_SCRIPT, 'sh');
  else if (facts.networkNamespace === 'direct') prefix.push('unshare', '--net', '--');
  else if (facts.networkNamespace === 'user-namespace') prefix.push('unshare', '--user', '--net', '--');
  if (facts.networkNamespace !== 'none') holds.push('no network: a network namespace of its own, without interfaces');
  else if (facts.nodeMajor >= 25) holds.push("no network: Node's permission model denies it");
  else warnings.push(warning('no network namespace here (unshare --net failed): code that got past the JavaScript sandbox could open network connections, to this machine included.'));

  if (mounts) holds.push(`no Unix sockets by path under ${HIDDEN_DIRECTORIES.join(', ')}: a mount namespace of its own with an empty read-only tmpfs over each`);
  else warnings.push(warning(`no mount namespace here (unshare --mount needs root): Unix sockets under ${HIDDEN_DIRECTORIES.join(', ')} that anyone may connect to stay reachable to code that got past the JavaScript sandbox.`));

  const ownUser = facts.root && facts.unprivilegedUser;
  if (ownUser) {
    prefix.push('setpriv', `--reuid=${request.uid}`, `--regid=${request.uid}`, '--clear-groups', '--no-new-privs', '--inh-caps=-all', '--bounding-set=-all', '--');
    holds.push(`an unprivileged user of its own (uid ${request.uid}), no capabilities, no new privileges`);
  } else {
    if (facts.noNewPrivileges) prefix.push('setpriv', '--no-new-privs', '--');
    if (facts.root) warnings.push(warning('the child runs as root (setpriv could not switch to an unprivileged user that may run node): code that got past the JavaScript sandbox would have root\'s file access.'));
    else holds.push("the host's own unprivileged user");
  }

  if (facts.prlimit) {
    const limits = [`--data=${Math.round(request.memoryLimitBytes)}`, '--fsize=0', '--core=0'];
    if (ownUser) limits.push(`--nproc=${request.maxProcesses}`);
    prefix.push('prlimit', ...limits, '--');
    holds.push(`memory: RLIMIT_DATA ${Math.round(request.memoryLimitBytes / 2 ** 20)} MB for everything the child allocates; no file writes (RLIMIT_FSIZE 0), no core dumps`);
    if (ownUser) holds.push(`processes: RLIMIT_NPROC ${request.maxProcesses} for its user`);
    else warnings.push(warning('no process limit (RLIMIT_NPROC counts every process of a user, and the child has no user of its own).'));
  } else {
    warnings.push(warning('no OS memory limit (prlimit is missing): only the WASM memory cap holds, not memory the child allocates outside it.'));
  }
  return { prefix, holds, warnings };
}

let cachedFacts: Promise<WallFacts> | undefined;

/** Tries the commands once per process (a few milliseconds each, off the event loop). */
export function probeWallFacts(): Promise<WallFacts> {
  cachedFacts ??= probe();
  return cachedFacts;
}

async function probe(): Promise<WallFacts> {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const facts: WallFacts = {
    platform: process.platform,
    root,
    nodeMajor: Number(process.versions.node.split('.')[0]),
    networkNamespace: 'none',
    mountNamespace: false,
    unprivilegedUser: false,
    noNewPrivileges: false,
    prlimit: false,
  };
  if (process.platform !== 'linux') return facts;
  const [direct, mounts, viaUser, user, noNewPrivileges, prlimit] = await Promise.all([
    root ? succeeds('unshare', ['--net', '--', 'true']) : Promise.resolve(false),
    root ? succeeds('unshare', ['--net', '--mount', '--propagation', 'private', '--', '/bin/sh', '-c', MOUNT_SCRIPT, 'sh', 'true']) : Promise.resolve(false),
    root ? Promise.resolve(false) : succeeds('unshare', ['--user', '--net', '--', 'true']),
    // Runs node itself as such a user: it must be allowed to execute the binary.
    root ? succeeds('setpriv', ['--reuid=' + CHILD_UID_BASE, '--regid=' + CHILD_UID_BASE, '--clear-groups', '--no-new-privs', '--', process.execPath, '-e', '0']) : Promise.resolve(false),
    succeeds('setpriv', ['--no-new-privs', '--', 'true']),
    succeeds('prlimit', ['--fsize=0', '--core=0', '--', 'true']),
  ]);
  facts.networkNamespace = direct ? 'direct' : viaUser ? 'user-namespace' : 'none';
  facts.mountNamespace = mounts;
  facts.unprivilegedUser = user;
  facts.noNewPrivileges = noNewPrivileges;
  facts.prlimit = prlimit;
  return facts;
}

function succeeds(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: 10_000, env: {}, cwd: '/' }, (error) => resolve(!error));
  });
}

const warned = new Set<string>();

/** Each warning once per process, as a Node process warning (one line on stderr by default). */
export function warnOnce(lines: readonly string[]): void {
  for (const line of lines) {
    if (warned.has(line)) continue;
    warned.add(line);
    process.emitWarning(line, { code: 'SMOLAGENTS_SANDBOX_WALL' });
  }
}
