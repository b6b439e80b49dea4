/**
 * The first statements of the Pyodide child's program (source text, an ES module fragment): they
 * take away the parts of Node's surface that reach beyond the process or around the permission model,
 * before the child reads anything from the host. Model code never runs in this realm — Pyodide lives
 * in a `vm` context that only sees what sandbox-source.ts gives it — so this is the second line: it
 * holds if that context is ever escaped.
 *
 * Gone: `process.binding` / `_linkedBinding` / `dlopen` / `getBuiltinModule` (native bindings,
 * addons, any built-in module), signals and debugging of other processes, user and directory
 * changes, diagnostic reports (they write files), V8 flags (`--trace-turbo-cfg-file=…` makes V8
 * append to any file the user can write), heap snapshots and coverage files, and module loading
 * (`require`, `createRequire`, loader hooks). The child's own imports are done before this runs.
 */
export const CHILD_LOCKDOWN_SOURCE = String.raw`
import lockdownModule from 'node:module';
import lockdownOs from 'node:os';
import lockdownV8 from 'node:v8';
(function lockDown() {
  const refuse = (name) => function refused() { throw new Error(name + ' is not available in the Python sandbox'); };
  const replace = (target, name, label) => {
    if (!(name in target)) return;
    Object.defineProperty(target, name, { value: refuse(label + '.' + name), writable: false, configurable: false, enumerable: false });
  };
  for (const name of ['binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'kill', '_kill', '_debugProcess', '_debugEnd',
    '_startProfilerIdleNotifier', '_stopProfilerIdleNotifier', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups',
    'chdir', 'umask', 'execve', 'loadEnvFile', 'setSourceMapsEnabled', '_getActiveHandles', '_getActiveRequests', 'openStdin']) {
    replace(process, name, 'process');
  }
  const report = Object.freeze({ writeReport: refuse('process.report.writeReport'), getReport: refuse('process.report.getReport') });
  Object.defineProperty(process, 'report', { get: () => report, configurable: false, enumerable: false });
  for (const name of ['setFlagsFromString', 'writeHeapSnapshot', 'getHeapSnapshot', 'setHeapSnapshotNearHeapLimit', 'takeCoverage', 'stopCoverage']) {
    replace(lockdownV8, name, 'v8');
  }
  if (lockdownV8.startupSnapshot) Object.defineProperty(lockdownV8, 'startupSnapshot', { value: undefined, writable: false, configurable: false });
  for (const name of ['_load', 'createRequire', 'register', 'runMain', '_initPaths']) replace(lockdownModule, name, 'module');
  replace(lockdownModule.prototype, 'require', 'module');
  replace(lockdownOs, 'setPriority', 'os');
  lockdownModule.syncBuiltinESMExports();
})();
`;
