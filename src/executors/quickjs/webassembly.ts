/**
 * The few WebAssembly declarations the sandbox needs. The project's `lib` (ES2023, no DOM) has none,
 * and TypeScript ships them only inside the DOM and web-worker libs; declaring them as a module
 * (not a global) keeps the published types free of any lib a consumer may not have.
 */
export interface WasmModule {
  readonly __wasmModule?: never;
}
export type WasmExports = Record<string, unknown>;
export type WasmImports = Record<string, Record<string, unknown>>;
export interface WasmInstance {
  readonly exports: WasmExports;
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}

interface WebAssemblyNamespace {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Instance: new (module: WasmModule, imports?: WasmImports) => WasmInstance;
  compile(bytes: Uint8Array | ArrayBuffer): Promise<WasmModule>;
}

/** Node's WebAssembly global, typed by the declarations above. */
export const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyNamespace }).WebAssembly;
