import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { executorMessage } from '../../prompts/executor-messages.js';

const REFUSED_PREFIX = 'refused:';

/**
 * Serves the sandbox's `import` statements from pure-JS packages installed beside the project.
 * Only packages named in the allow-list are served, and only files inside their folders: the
 * source is read on the host and evaluated inside QuickJS, so package code runs in the sandbox
 * with the same limits as the model's code. Module names are absolute file paths.
 */
export class PackageModuleLoader {
  private readonly packageRoots = new Map<string, string>();

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
      return this.resolve(baseModuleName, requested);
    } catch (error) {
      return REFUSED_PREFIX + (error as Error).message;
    }
  }

  private resolve(baseModuleName: string, requested: string): string {
    if (requested.startsWith('./') || requested.startsWith('../')) {
      const root = this.rootContaining(baseModuleName);
      if (root) {
        const resolved = resolveFile(path.resolve(path.dirname(baseModuleName), requested));
        if (resolved && isInside(resolved, root)) return resolved;
      }
      throw new Error(this.refusal(requested));
    }
    const packageName = packageNameOf(requested);
    if (!this.allowedPackages.includes(packageName)) throw new Error(this.refusal(requested));
    const root = this.packageRoot(packageName);
    const subpath = requested.slice(packageName.length);
    const entry = subpath ? resolveFile(path.join(root, subpath)) : entryFile(root);
    if (!entry || !isInside(entry, root)) throw new Error(`Cannot find the ES module entry of '${requested}'.`);
    return entry;
  }

  load(moduleName: string): string {
    if (moduleName.startsWith(REFUSED_PREFIX)) throw new Error(moduleName.slice(REFUSED_PREFIX.length));
    if (!this.rootContaining(moduleName)) throw new Error(this.refusal(moduleName));
    return readFileSync(moduleName, 'utf8');
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

  private rootContaining(file: string): string | undefined {
    for (const packageName of this.allowedPackages) {
      const root = this.packageRoots.get(packageName) ?? (findPackageDirectory(this.projectDirectory, packageName) && this.packageRoot(packageName));
      if (root && isInside(file, root)) return root;
    }
    return undefined;
  }
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
