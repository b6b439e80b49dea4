import type { ConformanceDialect } from './conformance.js';

/**
 * A variable only the host process has: an escape that can read the host's environment finds it.
 * (Children of the host inherit it unless the executor empties their environment.)
 */
process.env.SMOLAGENTS_ESCAPE_CANARY = 'host-secret';

/**
 * Snippets that run a process or write a file prove an escape by the canary file alone: in a
 * container, running `touch` inside it is allowed and proves nothing. Snippets that reach the
 * JavaScript around Pyodide answer "ESCAPED" only after an operation the wall must refuse.
 *
 * The import hook and the reflection checks are only a first line: these snippets get around them
 * on purpose (through `random._os.sys.modules` and the real builtins' `eval`) to test the walls
 * behind them (for Pyodide: the JavaScript sandbox around the interpreter, then the child process;
 * its fuller attack suite is test/executors/escapes-python/).
 */
const realBuiltins = `import random\nreal = random._os.sys.modules['builtins']\n`;
const jsBridge = `${realBuiltins}js = real.eval("__import__('js')", {'__builtins__': real})\n`;

export const pythonDialect: ConformanceDialect = {
  language: 'python',
  setVariable: 'kept = 41',
  redeclareVariable: 'kept: int = 41',
  readVariable: 'final_answer(kept + 1)',
  printLine: 'print("hello", 1, 2)',
  printHuge: 'for i in range(2000):\n    print("x" * 99)',
  lastExpression: 'three = 3\nthree + 4',
  finalAnswerObject: 'final_answer({"a": [1, 2], "b": "c"})',
  finalAnswerStops: 'final_answer(1)\nprint("after")',
  callTool: 'total = add(a=2, b=3)\nfinal_answer(total)',
  callToolTwice: 'x = add(1, 2)\ny = add(a=3, b=4)\nfinal_answer(x + y)',
  toolThrows: 'explode()',
  toolBadArguments: 'add(a="two")',
  toolReturnsObject: 'user = profile()\nfinal_answer(user["name"] + str(len(user["tags"])))',
  syntaxError: 'def broken(:\n    pass',
  runtimeError: { code: 'fine = 1\nnot_defined + 1', errorType: 'NameError', line: 2 },
  infiniteLoop: 'while True:\n    pass',
  memoryBomb: 'hoard = []\nwhile True:\n    hoard.append("x" * 1_000_000 + str(len(hoard)))',
  deepRecursion: 'def down(n):\n    return down(n + 1) + 1\ndown(0)',
  escapes: [
    { name: 'os.system', code: `import os\nos.system('touch ' + canary_path)` },
    { name: 'subprocess', code: `import subprocess\nsubprocess.run(['touch', canary_path])` },
    { name: '__import__ of subprocess', code: `__import__('subprocess').run(['touch', canary_path])` },
    { name: 'import js', code: `import js\njs.process.getBuiltinModule('fs').writeFileSync(canary_path, 'x')\nfinal_answer('ESCAPED')` },
    { name: 'from pyodide.code import run_js', code: `from pyodide.code import run_js\nrun_js("process.getBuiltinModule('fs').writeFileSync(" + repr(canary_path) + ", 'x')")\nfinal_answer('ESCAPED')` },
    { name: 'from pyodide.ffi import', code: `from pyodide.ffi import to_js\nfinal_answer('ESCAPED')` },
    { name: 'ctypes', code: `import ctypes\nctypes.CDLL(None).system(('touch ' + canary_path).encode())` },
    { name: 'open for writing', code: `with open(canary_path, 'w') as f:\n    f.write('x')` },
    { name: 'importlib', code: `import importlib\nimportlib.import_module('os').system('touch ' + canary_path)` },
    {
      name: 'subclasses walk to os._wrap_close',
      code: `for cls in ().__class__.__base__.__subclasses__():\n    if cls.__name__ == '_wrap_close':\n        cls.__init__.__globals__['system']('touch ' + canary_path)`,
    },
    { name: 'getattr with a dunder name', code: `g = getattr(getattr(print, '__self__'), '__import__')\ng('os').system('touch ' + canary_path)` },
    { name: 'eval and exec', code: `exec("import os; os.system('touch ' + canary_path)")` },
    { name: 'os.system through a module attribute', code: `import random\nrandom._os.system('touch ' + canary_path)` },
    {
      name: 'host environment variables',
      code: `import random\nenv = dict(random._os.environ)\nfinal_answer('ESCAPED' if 'SMOLAGENTS_ESCAPE_CANARY' in env or 'host-secret' in str(env) else 'held')`,
    },
    { name: 'real builtins reach the js module', code: `${jsBridge}js.process.getBuiltinModule('fs').writeFileSync(canary_path, 'x')\nfinal_answer('ESCAPED')` },
    { name: 'js bridge to child_process', code: `${jsBridge}js.process.getBuiltinModule('child_process').execSync('touch ' + canary_path)\nfinal_answer('ESCAPED')` },
    { name: 'js bridge to process.mainModule.require', code: `${jsBridge}js.process.mainModule.require('fs').writeFileSync(canary_path, 'x')\nfinal_answer('ESCAPED')` },
    { name: 'js bridge kills the host', code: `${jsBridge}js.process.kill(js.process.ppid, 'SIGKILL')\nfinal_answer('ESCAPED')` },
    { name: 'js bridge to the host environment', code: `${jsBridge}final_answer('ESCAPED' if js.process.env.SMOLAGENTS_ESCAPE_CANARY else 'held')` },
    { name: 'js bridge to a worker thread', code: `${jsBridge}js.eval("new (process.getBuiltinModule('worker_threads').Worker)('1', { eval: true })")\nfinal_answer('ESCAPED')` },
    { name: 'js bridge reads host files', code: `${jsBridge}text = js.process.getBuiltinModule('fs').readFileSync('/etc/hostname', 'utf8')\nfinal_answer('ESCAPED')` },
    { name: 'js bridge to process.binding', code: `${jsBridge}js.process.binding('spawn_sync')\nfinal_answer('ESCAPED')` },
    { name: 'js bridge debugs the host', code: `${jsBridge}js.process._debugProcess(js.process.ppid)\nfinal_answer('ESCAPED')` },
  ],
};
