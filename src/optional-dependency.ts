/**
 * Optional integrations (DESIGN §2): packages such as pyodide, dockerode, playwright-core or a
 * provider SDK are optional peer dependencies. They are loaded on first use through this one helper,
 * so that a missing one always gives the same typed error naming the exact install command, and can
 * be checked for before any paid model request is made.
 */
import { createRequire } from 'node:module';
import { MissingDependencyError } from './errors.js';

const resolveFromHere = createRequire(import.meta.url);

/** The package part of a specifier: `@scope/name/sub/path` → `@scope/name`, `name/sub` → `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Whether a package can be found from this library's location (where `import()` looks too). */
export function isInstalled(packageName: string): boolean {
  try {
    resolveFromHere.resolve(`${packageName}/package.json`);
    return true;
  } catch (error) {
    // Packages whose "exports" hide package.json still count as installed.
    if ((error as { code?: string }).code === 'ERR_PACKAGE_PATH_NOT_EXPORTED') return true;
    try {
      resolveFromHere.resolve(packageName);
      return true;
    } catch {
      return false;
    }
  }
}

/** Throws `MissingDependencyError` now, before any work starts, if the package is absent. */
export function assertInstalled(packageName: string, feature: string): void {
  if (!isInstalled(packageName)) throw new MissingDependencyError(packageName, feature);
}

/**
 * `import(specifier)` of an optional package. A missing package becomes a `MissingDependencyError`
 * for `feature` (e.g. "PyodideExecutor"); any other failure while loading it propagates unchanged.
 */
export async function importOptional<Module = Record<string, unknown>>(specifier: string, feature: string): Promise<Module> {
  try {
    // A variable specifier keeps bundlers and tsc from requiring the package at build time.
    const target: string = specifier;
    return (await import(target)) as Module;
  } catch (error) {
    if (isModuleNotFound(error, packageNameOf(specifier))) throw new MissingDependencyError(packageNameOf(specifier), feature, { cause: error });
    throw error;
  }
}

/**
 * The synchronous counterpart of `importOptional`, for the few places that cannot wait (a zod 3
 * schema is converted while a prompt is rendered): loads the package's CommonJS entry.
 */
export function requireOptional<Module = Record<string, unknown>>(specifier: string, feature: string): Module {
  try {
    return resolveFromHere(specifier) as Module;
  } catch (error) {
    if (isModuleNotFound(error, packageNameOf(specifier))) throw new MissingDependencyError(packageNameOf(specifier), feature, { cause: error });
    throw error;
  }
}

function isModuleNotFound(error: unknown, packageName: string): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  // Only the package itself missing counts; a broken install that lacks one of its own files does not.
  return typeof message !== 'string' || message.includes(`'${packageName}'`) || !isInstalled(packageName);
}
