import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The type-level tests (test/types/*.ts) are checked by `npm run typecheck`; this runs the same
// check inside `npm test`, which CI runs, and shows that a `@ts-expect-error` line that is no
// longer an error fails it.
const root = fileURLToPath(new URL('../../', import.meta.url));

test('type-level tests compile, and an expected error that does not happen fails them', () => {
  const config = ts.getParsedCommandLineOfConfigFile(`${root}tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const typeTests = `${root}test/types/typed-tools.ts`;
  const canary = `${root}test/fixtures/types/unused-expect-error.ts`;
  const program = ts.createProgram({ rootNames: [typeTests, canary], options: { ...config.options, noEmit: true } });
  const diagnostics = ts.getPreEmitDiagnostics(program);
  const describe = (diagnostic: ts.Diagnostic) => `${diagnostic.file?.fileName ?? ''}: TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
  const inCanary = diagnostics.filter((diagnostic) => diagnostic.file?.fileName === canary);
  const elsewhere = diagnostics.filter((diagnostic) => diagnostic.file?.fileName !== canary);
  assert.deepEqual(elsewhere.map(describe), []);
  assert.deepEqual(inCanary.map((diagnostic) => diagnostic.code), [2578], inCanary.map(describe).join('\n'));
});
