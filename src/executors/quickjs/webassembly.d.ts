/**
 * The few WebAssembly declarations the sandbox needs. The project's `lib` (ES2023, no DOM) has
 * none, and TypeScript ships them only inside the DOM and web-worker libs.
 */
declare namespace WebAssembly {
  interface Module {}
  interface Instance {
    readonly exports: Exports;
  }
  type Exports = Record<string, unknown>;
  type Imports = Record<string, Record<string, unknown>>;
  interface Memory {
    readonly buffer: ArrayBuffer;
  }
  const Memory: { new (descriptor: { initial: number; maximum?: number }): Memory };
  const Instance: { new (module: Module, imports?: Imports): Instance };
  function compile(bytes: Uint8Array | ArrayBuffer): Promise<Module>;
}
