import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const RUNNER = fileURLToPath(new URL('./run.ts', import.meta.url));

/**
 * Runs one bench section in a new Node process, so that it starts from a clean heap and so that
 * a section whose host freezes is reported ("did not end in N s") instead of hanging the bench.
 * Returns the section's markdown, or a line saying it did not end.
 */
export function sectionInFreshProcess(section: string, limitSeconds: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', RUNNER], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, SMOLAGENTS_BENCH_CHILD: section },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const body = stdout.includes('## ') ? stdout.slice(stdout.indexOf('## ')) : '';
      if (signal === 'SIGKILL') resolve(`${body}\n**The '${section}' section did not end in ${limitSeconds} s (the host process was killed).**\n`);
      else if (code !== 0) reject(new Error(`The '${section}' bench failed:\n${stderr}`));
      else resolve(body);
    });
  });
}
