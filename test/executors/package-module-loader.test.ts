import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { PackageModuleLoader } from '../../src/executors/quickjs/package-module-loader.js';

/**
 * The loader's two callbacks take strings QuickJS read out of the sandbox's memory. With a heap
 * bug, guest code chooses them freely (it can skip the normalizer and hand `load` any name), so
 * these tests call them directly with what such code would send.
 */
describe('PackageModuleLoader against names the guest chose', () => {
  let project: string;
  let secret: string;
  let loader: PackageModuleLoader;
  before(() => {
    project = mkdtempSync(path.join(tmpdir(), 'smolagents-loader-'));
    secret = path.join(project, 'secret.txt');
    writeFileSync(secret, 'host secret');
    const root = path.join(project, 'node_modules', 'tiny-pkg');
    mkdirSync(path.join(root, 'lib'), { recursive: true });
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'tiny-pkg', module: 'index.js' }));
    writeFileSync(path.join(root, 'index.js'), "export { helper } from './lib/helper.js';");
    writeFileSync(path.join(root, 'lib', 'helper.js'), 'export const helper = 1;');
    symlinkSync(secret, path.join(root, 'leak.js'));
    loader = new PackageModuleLoader(['tiny-pkg'], project);
  });
  after(() => rmSync(project, { recursive: true, force: true }));

  test('an allowed package and its relative imports load', () => {
    const entry = loader.normalize('action.js', 'tiny-pkg');
    assert.match(loader.load(entry), /helper/);
    const helper = loader.normalize(entry, './lib/helper.js');
    assert.equal(loader.load(helper), 'export const helper = 1;');
  });

  test('load refuses any name the loader did not resolve itself', () => {
    for (const name of [secret, '/etc/passwd', path.join(project, 'node_modules', 'tiny-pkg', 'index.js') + '/../../../secret.txt']) {
      assert.throws(() => loader.load(name), /not allowed/, name);
    }
  });

  test('a relative import needs a base module the loader issued', () => {
    assert.match(loader.normalize(path.join(project, 'node_modules', 'tiny-pkg', 'index.js'), '../../secret.txt'), /^refused:/);
    assert.match(loader.normalize('/etc/x', './passwd'), /^refused:/);
    assert.match(loader.normalize('action.js', '../secret.txt'), /^refused:/);
  });

  test('paths that walk out of the package, or symlinks out of it, are refused', () => {
    const entry = loader.normalize('action.js', 'tiny-pkg');
    assert.match(loader.normalize(entry, '../../../secret.txt'), /^refused:/);
    assert.match(loader.normalize('action.js', 'tiny-pkg/../../secret.txt'), /^refused:/);
    assert.match(loader.normalize('action.js', 'tiny-pkg/leak.js'), /^refused:/);
    assert.match(loader.normalize('action.js', '@evil/../tiny-pkg'), /^refused:/);
  });

  test('a file swapped for a symlink after it was resolved is refused at load time', () => {
    const file = path.join(project, 'node_modules', 'tiny-pkg', 'lib', 'swap.js');
    writeFileSync(file, 'export default 1;');
    const name = loader.normalize('action.js', 'tiny-pkg/lib/swap.js');
    unlinkSync(file);
    symlinkSync(secret, file);
    assert.throws(() => loader.load(name), /not allowed/);
  });

  test('a refusal carries its message to the guest, bounded', () => {
    const refused = loader.normalize('action.js', 'fs');
    assert.throws(() => loader.load(refused), /Import of 'fs' is not allowed\. Allowed modules: tiny-pkg\./);
    assert.throws(() => loader.load('refused:' + 'x'.repeat(100_000)), (error: Error) => error.message.length <= 1000);
  });
});
