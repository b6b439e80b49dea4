// `node --import ./test/support/without-playwright.mjs …` runs a program as if playwright-core were
// not installed: importing it fails the way a missing package does. Loaded as a module, it
// registers itself as the resolve hook.
import { register } from 'node:module';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'playwright-core' || specifier.startsWith('playwright-core/')) {
    const error = new Error(`Cannot find package 'playwright-core' imported from ${context.parentURL}`);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return nextResolve(specifier, context);
}

if (!process.env.SMOLAGENTS_NO_PLAYWRIGHT_HOOK_LOADED) {
  process.env.SMOLAGENTS_NO_PLAYWRIGHT_HOOK_LOADED = '1';
  register(import.meta.url);
}
