import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { QuickJSWASMModule, type EmscriptenModuleLoaderOptions, type QuickJSSyncVariant } from 'quickjs-emscripten-core';
import { wasm, type WasmModule, type WasmImports, type WasmInstance } from './webassembly.js';

/**
 * The QuickJS build the sandboxes run: quickjs-ng, sync (not asyncify: 3-4× slower, and it
 * overflows the host stack at ~30-40 frames), release. quickjs-ng rather than the bellard build
 * because it has the fixes for the TypedArray heap bugs (see guest-hardening.ts).
 */
const QUICKJS_PACKAGE = '@jitl/quickjs-ng-wasmfile-release-sync';

/** The build's memory import asks for at least 16 MB (its data, a 5 MB C stack, the first heap pages). */
const MINIMUM_PAGES = 256;
const PAGE_BYTES = 65_536;
/** Above QuickJS's own allocation limit: malloc's bookkeeping, the C stack and the static data. */
const HEADROOM_BYTES = 32 * 2 ** 20;
const MAXIMUM_PAGES = 32_768;

/** Compiles the build's WASM once; the compiled module is shared by every worker and sandbox. */
export async function compileQuickJs(): Promise<WasmModule> {
  const file = createRequire(import.meta.url).resolve(`${QUICKJS_PACKAGE}/wasm`);
  return wasm.compile(await readFile(file));
}

/**
 * A new instance of the build: its own linear memory and malloc heap, so a memory bug in QuickJS
 * corrupts only the sandbox that triggered it. The memory cannot grow past the sandbox's limit
 * plus headroom, whatever QuickJS's own accounting says.
 */
export async function instantiateQuickJs(wasmModule: WasmModule, memoryLimitBytes: number): Promise<QuickJSWASMModule> {
  const pages = Math.min(MAXIMUM_PAGES, Math.max(MINIMUM_PAGES, Math.ceil((memoryLimitBytes + HEADROOM_BYTES) / PAGE_BYTES)));
  const wasmMemory = new wasm.Memory({ initial: MINIMUM_PAGES, maximum: pages });
  // `print`/`printErr` are Emscripten module options that quickjs-emscripten's type leaves out.
  const emscriptenModule: EmscriptenModuleLoaderOptions & { print(): void; printErr(): void } = {
    wasmMemory,
    // The engine's own messages (an abort's "Assertion failed…") reach the host as errors instead.
    print: () => {},
    printErr: () => {},
    // Synchronous instantiation of the compiled module: no compile, no extra event-loop turn.
    instantiateWasm(imports: WasmImports, onSuccess: (instance: WasmInstance) => void) {
      const instance = new wasm.Instance(wasmModule, imports);
      onSuccess(instance);
      return instance.exports;
    },
  };
  const { factory, FFI } = await loadBuild();
  const module = await factory(emscriptenModule);
  module.type = 'sync';
  return new QuickJSWASMModule(module, new FFI(module));
}

type EmscriptenImport = Awaited<ReturnType<QuickJSSyncVariant['importModuleLoader']>>;
type Factory = Exclude<EmscriptenImport, { default: unknown }>;

interface Build {
  factory: Factory;
  FFI: Awaited<ReturnType<QuickJSSyncVariant['importFFI']>>;
}
let build: Promise<Build> | undefined;

/**
 * The build's Emscripten factory and FFI class, loaded once. (quickjs-emscripten's
 * newQuickJSWASMModuleFromVariant imports both again for every instance, which is most of the
 * cost of a sandbox when a loader hook such as tsx's is installed.)
 */
function loadBuild(): Promise<Build> {
  build ??= (async () => {
    const variant = ((await import(QUICKJS_PACKAGE)) as { default: QuickJSSyncVariant }).default;
    const [loaded, FFI] = await Promise.all([variant.importModuleLoader(), variant.importFFI()]);
    const factory = (typeof loaded === 'function' ? loaded : loaded.default) as Factory;
    return { factory, FFI };
  })();
  return build;
}
