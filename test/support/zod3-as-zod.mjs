// `node --import ./test/support/zod3-as-zod.mjs …` runs a program as if the project had zod 3.25
// installed as `zod`: every `zod` and `zod/…` import (the library's own included) resolves to the
// zod 3.25 that the tests install under the alias `zod3`. Loaded as a module, it registers itself
// as the resolve hook.
import { register } from 'node:module';

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'zod' || specifier.startsWith('zod/')) return nextResolve(`zod3${specifier.slice(3)}`, context);
  return nextResolve(specifier, context);
}

if (!process.env.SMOLAGENTS_ZOD3_HOOK_LOADED) {
  process.env.SMOLAGENTS_ZOD3_HOOK_LOADED = '1';
  register(import.meta.url);
}
