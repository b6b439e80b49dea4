import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { executorMessage } from '../../prompts/executor-messages.js';

const REFUSED_PREFIX = 'refused:';

/**
 * Serves the sandbox's `import` statements from pure-JS packages installed beside the project.
 * Only packages named in the allow-list are served, and only files inside their folders: the
 * source is read on the host and evaluated inside QuickJS, so package code runs in the sandbox
 * with the same limits as the model's code. Module names are absolute file paths.
 *
 * Both callbacks take strings that QuickJS read out of the sandbox's memory, which guest code may
 * have rewritten. So `load` serves only a name that `normalize` resolved itself (kept here, out of
 * the guest's reach), and checks the file's real path against its package's root again before
 * reading it; a base module name it never issued resolves nothing.
 */
export class PackageModuleLoader {
  private readonly packageRoots = new Map<string, string>();
  /** Module names this loader resolved, with the package root each must stay inside. */
  private readonly issued = new Map<string, string>();

  constructor(
    readonly allowedPackages: readonly string[],
    private readonly projectDirectory: string = process.cwd(),
  ) {}

  /**
   * Turns an import specifier into an absolute file path. A refused specifier becomes a name that
   * `load` refuses with the message for the model (QuickJS drops errors raised while normalizing).
   */
  normalize(baseModuleName: string, requested: string): string {
    try {
      const { file, root } = this.resolve(baseModuleName, requested);
      this.issued.set(file, root);
      return file;
    } catch (error) {
      return REFUSED_PREFIX + (error as Error).message;
    }
  }

  private resolve(baseModuleName: string, requested: string): { file: string; root: string } {
    if (requested.startsWith('./') || requested.startsWith('../')) {
      // Relative imports are for package files importing each other: the base must be one of ours.
      const root = this.issued.get(baseModuleName);
      if (root) {
        const resolved = resolveFile(path.resolve(path.dirname(baseModuleName), requested));
        if (resolved && isInside(resolved, root)) return { file: resolved, root };
      }
      throw new Error(this.refusal(requested));
    }
    const packageName = packageNameOf(requested);
    if (!this.allowedPackages.includes(packageName) || !isPackageName(packageName)) throw new Error(this.refusal(requested));
    const root = this.packageRoot(packageName);
    const subpath = requested.slice(packageName.length);
    const entry = subpath ? resolveFile(path.join(root, subpath)) : entryFile(root);
    if (!entry || !isInside(entry, root)) throw new Error(`Cannot find the ES module entry of '${requested}'.`);
    return { file: entry, root };
  }

  load(moduleName: string): string {
    if (moduleName.startsWith(REFUSED_PREFIX)) throw new Error(moduleName.slice(REFUSED_PREFIX.length, REFUSED_PREFIX.length + 1000));
    const root = this.issued.get(moduleName);
    if (root === undefined) throw new Error(this.refusal(moduleName.slice(0, 200)));
    // Again on the real path: a file swapped for a symlink since normalize() must not lead outside.
    const real = realpathSync(moduleName);
    if (!isInside(real, root) || !isFile(real)) throw new Error(this.refusal(moduleName));
    return readFileSync(real, 'utf8');
  }

  private refusal(module: string): string {
    if (this.allowedPackages.length === 0) return executorMessage('noImportsAllowed', { module });
    return executorMessage('importNotAllowed', { module, allowed: this.allowedPackages.join(', ') });
  }

  private packageRoot(packageName: string): string {
    let root = this.packageRoots.get(packageName);
    if (!root) {
      const candidate = findPackageDirectory(this.projectDirectory, packageName);
      if (!candidate) throw new Error(`The module '${packageName}' is allowed but not installed: run \`npm install ${packageName}\`.`);
      root = realpathSync(candidate);
      this.packageRoots.set(packageName, root);
    }
    return root;
  }

}

/** A package name as npm allows it: no path segments that could walk out of node_modules. */
function isPackageName(name: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(name) && !name.split('/').some((part) => part === '.' || part === '..');
}

function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Walks up from the project directory like Node's resolution does. */
function findPackageDirectory(start: string, packageName: string): string | undefined {
  let directory = path.resolve(start);
  for (;;) {
    const candidate = path.join(directory, 'node_modules', packageName);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(directory);
    if (parent === directory) return undefined;
    directory = parent;
  }
}

/** The ES module entry: `exports["."]` under the import/module/default conditions, then `module`, then `main`. */
function entryFile(root: string): string | undefined {
  const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
  const fromExports = pickExport(manifest.exports);
  for (const candidate of [fromExports, manifest.module, manifest.main, 'index.js']) {
    if (typeof candidate !== 'string') continue;
    const resolved = resolveFile(path.join(root, candidate));
    if (resolved) return resolved;
  }
  return undefined;
}

function pickExport(exportsField: unknown): string | undefined {
  if (typeof exportsField === 'string') return exportsField;
  if (!exportsField || typeof exportsField !== 'object') return undefined;
  const record = exportsField as Record<string, unknown>;
  const dot = '.' in record ? record['.'] : record;
  if (typeof dot === 'string') return dot;
  if (!dot || typeof dot !== 'object') return undefined;
  for (const condition of ['import', 'module', 'default']) {
    const target = (dot as Record<string, unknown>)[condition];
    const picked = typeof target === 'string' ? target : pickExport(target);
    if (picked) return picked;
  }
  return undefined;
}

function resolveFile(file: string): string | undefined {
  for (const candidate of [file, `${file}.js`, `${file}.mjs`, path.join(file, 'index.js')]) {
    if (isFile(candidate)) return realpathSync(candidate);
  }
  return undefined;
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function isInside(file: string, root: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}
