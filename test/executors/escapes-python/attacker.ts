/**
 * The attacker's toolkit for the Python sandbox's escape tests: Python that gets past the runner's
 * guards on purpose (they are a first line for clear errors, not the wall) and then tries every way
 * it knows from Python into the JavaScript around Pyodide. Each route evaluates one JavaScript
 * expression and gives back what it produced as a string, or the error that stopped it.
 *
 * - `js.eval`: Pyodide's `js` module (the JS globals it was given) and its `eval`;
 * - `Function of pyodide_js`: the constructor of any JS function Python holds compiles code in that
 *   function's realm (`pyodide_js` is Pyodide's API object, always registered);
 * - `emscripten_run_script`: through ctypes, Emscripten's own `eval` inside Pyodide's module scope,
 *   where the Node build keeps a `require` — what an attacker who controls the WASM memory can do.
 *
 * The payloads are JavaScript expressions that look for Node's powers wherever a route may land:
 * `require` in scope, `process.getBuiltinModule`, `process.binding`, `process.mainModule`.
 */
export const ATTACKER_PRELUDE = String.raw`
import random as _random
real = _random._os.sys.modules['builtins']

def imp(name):
    return real.eval('__import__(%r, fromlist=["_"])' % name, {'__builtins__': real})

def _routes():
    routes = []
    try:
        js = imp('js')
        routes.append(('js.eval', lambda source: str(js.eval(source))))
    except BaseException as error:
        routes.append(('js.eval', repr(error)))
    try:
        api = imp('pyodide_js')
        make = api.toPy.constructor
        routes.append(('Function of pyodide_js', lambda source: str(make('return (' + source + ')')())))
    except BaseException as error:
        routes.append(('Function of pyodide_js', repr(error)))
    try:
        ctypes = imp('ctypes')
        run = ctypes.CDLL(None).emscripten_run_script_string
        run.restype = ctypes.c_char_p
        run.argtypes = [ctypes.c_char_p]
        def through_emscripten(source):
            value = run(('String(' + source + ')').encode())
            return value.decode() if value is not None else 'None'
        routes.append(('emscripten_run_script', through_emscripten))
    except BaseException as error:
        routes.append(('emscripten_run_script', repr(error)))
    return routes

ROUTES = _routes()

def attack(source):
    """Runs the JS expression through every route: {route: result or error}."""
    outcome = {}
    for name, route in ROUTES:
        if isinstance(route, str):
            outcome[name] = 'unavailable: ' + route
            continue
        try:
            outcome[name] = route(source)
        except BaseException as error:
            outcome[name] = 'failed: ' + repr(error)[:300]
    return outcome
`;

/** A JS expression for a function that loads a Node built-in module by name, or null where none is reachable. */
export const NODE_MODULE_LOADER = String.raw`((name) => {
  if (typeof require === 'function') return require(name);
  const p = typeof process === 'object' ? process : globalThis.process;
  if (p && typeof p.getBuiltinModule === 'function') return p.getBuiltinModule(name);
  if (p && p.mainModule && typeof p.mainModule.require === 'function') return p.mainModule.require(name);
  return null;
})`;

/** Wraps a JS function body (using `load(name)` for Node modules) as an expression that never throws. */
export function payload(body: string): string {
  return `(() => { try { const load = ${NODE_MODULE_LOADER}; ${body} } catch (error) { return 'threw ' + error; } })()`;
}

/** A Python string literal for any text (JSON's escapes are valid Python escapes). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}
