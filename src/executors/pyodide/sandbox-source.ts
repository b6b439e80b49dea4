/**
 * The JavaScript that runs inside the Pyodide child's `vm` context, as source text: the only realm
 * model code can reach (through Pyodide's FFI, or through Emscripten's `eval` if it controls the WASM
 * memory). It has no `process`, no `require`, no `import()`, no file system and no network: the
 * context is created from a null-prototype object, and everything Pyodide needs from outside comes
 * from the host's capabilities below, kept in this closure and never put on an object.
 *
 * Capabilities (functions of the child's main realm) take and return only primitives, or fill a
 * typed array made in here; they never throw (a failure is `undefined` or -1), so that no object
 * of the main realm — whose `constructor.constructor` would compile code out there — crosses over.
 * "Never throw" cannot hold when the stack is nearly full: the call fails before the capability's
 * first statement, with a RangeError of the main realm. So each capability is called only through
 * `crossing`, made here before model code exists, which swallows whatever was thrown and throws an
 * error of this realm instead; no code of this realm runs between the throw and that catch.
 *
 * Pyodide runs in its "shell" mode (no Node, no browser): `read`/`readbuffer` serve the files the
 * host sent, `os.system` answers exactly the one command Emscripten's shell mode uses for random
 * bytes (`head -c N /dev/urandom | base64 --wrap=0`) from the host's CSPRNG, and TextEncoder /
 * TextDecoder / crypto / performance are thin wrappers over capabilities.
 *
 * The function returns the driver the main realm calls: load, snapshot, configure, tools,
 * variables, execute — strings in, strings out.
 */
export const SANDBOX_SOURCE = String.raw`'use strict';
(function install(...outside) {
  // Taken before any other code runs here: model code may later replace Reflect, Error or Array's iterator.
  const apply = Reflect.apply;
  const SandboxError = Error;
  const crossing = (capability) => function cross(...args) {
    try {
      return apply(capability, undefined, args);
    } catch {
      // Whatever was thrown (a stack overflow on entry is the Node realm's RangeError) stays unseen.
      throw new SandboxError('A call out of the Python sandbox failed.');
    }
  };
  const [fileSize, fileInto, fileText, randomInto, randomBase64, now, decode, byteLength, encodeInto, hostCall, log, snapshotInto] =
    outside.map(crossing);
  const name = (path) => String(path).split('/').pop();
  const fail = (message) => { throw new Error(message); };
  const define = (key, value) => Object.defineProperty(globalThis, key, { value, writable: true, configurable: true });

  define('readbuffer', (path) => {
    const size = fileSize(name(path));
    if (!(size >= 0)) fail('No such file in the Python sandbox: ' + path);
    const bytes = new Uint8Array(size);
    if (fileInto(name(path), bytes) !== size) fail('Could not read ' + path);
    return bytes.buffer;
  });
  define('read', (path, mode) => {
    if (mode === 'binary') return new Uint8Array(globalThis.readbuffer(path));
    const text = fileText(name(path));
    return typeof text === 'string' ? text : fail('No such file in the Python sandbox: ' + path);
  });
  define('load', () => fail('load() is not available in the Python sandbox'));
  const RANDOM_COMMAND = /^head -c([0-9]{1,9}) \/dev\/urandom \| base64 --wrap=0$/;
  define('os', Object.freeze({
    system(shell, args) {
      const match = shell === 'sh' && Array.isArray(args) && args.length === 2 && args[0] === '-c' ? RANDOM_COMMAND.exec(String(args[1])) : null;
      if (!match) fail('os.system is not available in the Python sandbox');
      const text = randomBase64(Number(match[1]));
      return typeof text === 'string' ? text : fail('No random bytes');
    },
  }));
  define('crypto', Object.freeze({
    getRandomValues(view) {
      if (!ArrayBuffer.isView(view) || randomInto(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)) !== 0) fail('getRandomValues failed');
      return view;
    },
  }));
  define('performance', Object.freeze({ now: () => Number(now()) }));
  define('TextDecoder', class TextDecoder {
    constructor(label = 'utf-8', options = {}) {
      this.label = String(label).toLowerCase();
      this.fatal = Boolean(options && options.fatal);
      this.ignoreBOM = Boolean(options && options.ignoreBOM);
      if (decode(new Uint8Array(0), this.label, this.fatal, this.ignoreBOM) !== '') throw new RangeError('Unsupported encoding: ' + this.label);
    }
    get encoding() { return this.label; }
    decode(input = new Uint8Array(0)) {
      const view = ArrayBuffer.isView(input) ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
      const text = decode(view, this.label, this.fatal, this.ignoreBOM);
      return typeof text === 'string' ? text : fail('The data is not valid ' + this.label);
    }
  });
  define('TextEncoder', class TextEncoder {
    get encoding() { return 'utf-8'; }
    encode(text = '') {
      text = String(text);
      const bytes = new Uint8Array(byteLength(text));
      encodeInto(text, bytes);
      return bytes;
    }
    encodeInto(text, destination) {
      text = String(text);
      let read = text.length;
      let bytes = this.encode(text);
      while (bytes.length > destination.length) {
        read = Math.floor(read / 2);
        const code = text.charCodeAt(read - 1);
        if (code >= 0xd800 && code < 0xdc00) read--;
        bytes = this.encode(text.slice(0, read));
      }
      destination.set(bytes);
      return { read, written: bytes.length };
    }
  });
  const print = (...parts) => log(parts.map(String).join(' '));
  define('console', Object.freeze({ log: print, info: print, warn: print, error: print, debug: print, trace: print }));

  const runner = {};
  let pyodide;
  const callHost = (toolName, argumentsJson) => {
    const reply = hostCall(String(toolName), String(argumentsJson));
    return typeof reply === 'string' ? reply : fail('The tool call did not reach the host');
  };

  return Object.freeze({
    async load(createPyodideModule, snapshotSize, makeSnapshot) {
      let snapshot;
      if (snapshotSize > 0) {
        snapshot = new Uint8Array(snapshotSize);
        if (snapshotInto(snapshot) !== snapshotSize) fail('Could not read the snapshot');
      }
      pyodide = await globalThis.loadPyodide({
        indexURL: '/pyodide/',
        createPyodideModule,
        jsglobals: Object.create(null),
        env: { HOME: '/home/pyodide' },
        stdout: () => {},
        stderr: (text) => log(String(text)),
        _makeSnapshot: Boolean(makeSnapshot) && !snapshot,
        _loadSnapshot: snapshot,
      });
    },
    snapshot() {
      return pyodide.makeMemorySnapshot();
    },
    configure(source, configJson) {
      const namespace = pyodide.globals.get('dict')();
      pyodide.runPython(source, { globals: namespace });
      for (const key of ['configure', 'set_tools', 'set_variables', 'execute']) runner[key] = namespace.get(key);
      runner.configure(configJson, callHost);
    },
    setTools(json) { runner.set_tools(json); },
    setVariables(json) { runner.set_variables(json); },
    execute(code, maxPrintChars) {
      const result = runner.execute(code, maxPrintChars);
      return typeof result === 'string' ? result : fail('The runner returned no text');
    },
  });
})
`;
