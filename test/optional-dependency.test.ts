import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MissingDependencyError } from '../src/errors.js';
import { assertInstalled, importOptional, isInstalled, packageNameOf } from '../src/optional-dependency.js';

test('packageNameOf keeps the scope and drops sub-paths', () => {
  assert.equal(packageNameOf('@modelcontextprotocol/sdk/client/index.js'), '@modelcontextprotocol/sdk');
  assert.equal(packageNameOf('tsx/esm/api'), 'tsx');
  assert.equal(packageNameOf('pyodide'), 'pyodide');
});

test('an installed optional package loads', async () => {
  const acorn = await importOptional<{ parse: unknown }>('acorn', 'Test');
  assert.equal(typeof acorn.parse, 'function');
  assert.equal(isInstalled('acorn'), true);
});

test('a missing optional package is a MissingDependencyError naming the install command', async () => {
  await assert.rejects(importOptional('smolagents-ts-no-such-package', 'PyodideExecutor'), (error: unknown) => {
    assert.ok(error instanceof MissingDependencyError);
    assert.equal(error.packageName, 'smolagents-ts-no-such-package');
    assert.equal(error.installCommand, 'npm install smolagents-ts-no-such-package');
    assert.match(error.message, /^PyodideExecutor needs the optional package 'smolagents-ts-no-such-package'/);
    return true;
  });
  assert.equal(isInstalled('smolagents-ts-no-such-package'), false);
  assert.throws(() => assertInstalled('@scope-that-is/not-here', 'DockerExecutor'), MissingDependencyError);
});

test('a scoped sub-path specifier reports the package, not the path', async () => {
  await assert.rejects(importOptional('@smolagents-ts-missing/pkg/client/index.js', 'MCP'), (error: unknown) => {
    assert.ok(error instanceof MissingDependencyError);
    assert.equal(error.packageName, '@smolagents-ts-missing/pkg');
    return true;
  });
});
