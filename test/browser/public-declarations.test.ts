/**
 * playwright-core is an optional peer dependency: the declarations reachable from the package's
 * entry (dist/index.d.ts) must not name its types, or a project without it would not type-check.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import { REPO_ROOT } from '../cli/run-smolagent.js';

test('the public declarations import nothing from playwright-core', async () => {
  const out = await mkdtemp(join(tmpdir(), 'smolagents-dts-'));
  try {
    execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--emitDeclarationOnly', '--outDir', out], { cwd: REPO_ROOT, stdio: 'pipe' });
    const seen = new Set<string>();
    const offending: string[] = [];
    const visit = async (file: string): Promise<void> => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = await readFile(file, 'utf8');
      for (const [, specifier] of text.matchAll(/(?:from|import\()\s*'([^']+)'/g)) {
        if (specifier!.startsWith('.')) await visit(resolve(dirname(file), specifier!.replace(/\.js$/, '.d.ts')));
        else if (specifier!.startsWith('playwright')) offending.push(`${file.slice(out.length + 1)} imports ${specifier}`);
      }
    };
    await visit(join(out, 'index.d.ts'));
    assert.ok(seen.has(join(out, 'browser', 'web-agent.d.ts')), 'the web agent is part of the public API');
    assert.deepEqual(offending, []);
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
