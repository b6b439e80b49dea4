import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The last non-empty line of stdout: where the answer goes. */
  lastLine: string;
}

/**
 * Runs the real CLI in a child process (`node --import tsx src/cli/smolagent.ts ...`), with a clean
 * environment: no provider credentials leak in from the machine running the tests.
 */
export function runSmolagent(args: string[], options: { env?: Record<string, string>; input?: string } = {}): Promise<CliRun> {
  const { done, child } = startSmolagent(args, options);
  child.stdin.end(options.input ?? '');
  return done;
}

/** Starts the CLI and returns the child (to signal it or write to it) and its outcome. */
export function startSmolagent(args: string[], options: { env?: Record<string, string> } = {}): { child: ChildProcessWithoutNullStreams; done: Promise<CliRun> } {
  return startCommand('src/cli/smolagent.ts', args, options);
}

/** The same for the webagent command. */
export function startWebagent(args: string[], options: { env?: Record<string, string> } = {}): { child: ChildProcessWithoutNullStreams; done: Promise<CliRun> } {
  return startCommand('src/cli/webagent.ts', args, options);
}

export function runWebagent(args: string[], options: { env?: Record<string, string> } = {}): Promise<CliRun> {
  const { done, child } = startWebagent(args, options);
  child.stdin.end('');
  return done;
}

function startCommand(entry: string, args: string[], options: { env?: Record<string, string> }): { child: ChildProcessWithoutNullStreams; done: Promise<CliRun> } {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...options.env };
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], { cwd: REPO_ROOT, env, stdio: ['pipe', 'pipe', 'pipe'] });
  const done = new Promise<CliRun>((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = stdout.split('\n').filter((line) => line.trim() !== '');
      resolve({ code, stdout, stderr, lastLine: lines.at(-1) ?? '' });
    });
  });
  return { child, done };
}

/** Stderr lines that start with "smolagent:" (or another command's name) — the one-line reasons for failures. */
export function reasonLines(stderr: string, command = 'smolagent'): string[] {
  return stderr.split('\n').filter((line) => line.startsWith(`${command}:`));
}
