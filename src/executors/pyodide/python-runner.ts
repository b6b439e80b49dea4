import { MAX_VALUE_CHARS, STEP_OVERHEAD_CHARS } from './protocol-limits.js';
import { PYTHON_WIRE_VALUES_SOURCE } from './python-wire-values.js';

/**
 * The Python side of the Python executors, as source text. It is plain CPython (no Pyodide import)
 * so that the Pyodide child and the Docker container run the same runner.
 *
 * It keeps the model's globals between actions, runs an action (value of the last expression like
 * smolagents), captures print() with a cap, turns `final_answer(x)` into a BaseException that ends
 * the action, exposes tools as functions that call `host_call(name, args_json) -> reply_json`,
 * carries values in the wire format (wire-values.ts), and guards imports and reflection gadgets.
 * The guards exist for clear error messages; they are knowingly bypassable, and the walls are around
 * the interpreter (the Pyodide child's JavaScript sandbox and OS walls, or the container).
 *
 * Entry points (called by the worker): configure(config_json, host_call), set_tools(json),
 * set_variables(json), execute(code, max_print_chars) -> result_json.
 */
export const PYTHON_RUNNER_SOURCE = String.raw`
import ast as _ast
import base64 as _base64
import builtins as _builtins
import json as _json
import math as _math
import sys as _sys
import types as _types

_state = {"allowed": [], "hard_denied": [], "messages": {}, "host_call": None, "tools": [], "installed": {}, "max_value_chars": ${MAX_VALUE_CHARS}}
_user_globals = {}

# Attributes that lead from an ordinary object to interpreter internals (frames, globals, the real
# builtins, every loaded class). Code that names them is refused before it runs.
_FORBIDDEN_ATTRIBUTES = frozenset([
    "__subclasses__", "__bases__", "__base__", "__mro__", "mro", "__globals__", "__builtins__",
    "__code__", "__closure__", "__func__", "__self__", "__dict__", "__getattribute__", "__reduce__",
    "__reduce_ex__", "__loader__", "__spec__", "__import__", "__traceback__", "__subclasshook__",
    "__objclass__", "__wrapped__", "__class_getitem__", "tb_frame", "tb_next", "f_globals", "f_locals",
    "f_builtins", "f_back", "f_code", "gi_frame", "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code",
])
_FORBIDDEN_NAMES = frozenset(["__builtins__", "__import__", "__loader__", "__spec__"])


class FinalAnswerException(BaseException):
    """Raised by final_answer(): a BaseException so that 'except Exception' in the code does not swallow it."""

    def __init__(self, value, text):
        super().__init__("final_answer")
        self.value = value
        self.text = text


class InterpreterError(Exception):
    """The code used something this sandbox refuses (an import, a reflection gadget)."""


class ToolError(Exception):
    """A tool failed on the host; the message is the host's error message."""


def _message(key, **values):
    text = _state["messages"].get(key, key)
    for name, value in values.items():
        text = text.replace("{{" + name + "}}", str(value))
    return text


def _import_allowed(name):
    top = name.split(".")[0]
    if top in _state["hard_denied"]:
        return False
    allowed = _state["allowed"]
    if "*" in allowed:
        return True
    parts = name.split(".")
    return any(".".join(parts[:index]) in allowed for index in range(1, len(parts) + 1))


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    if level != 0 or not _import_allowed(name):
        raise ImportError(_message("importNotAllowed", module=name if level == 0 else "." * level + name,
                                   allowed=", ".join(sorted(a for a in _state["allowed"] if a != "__future__"))))
    return _builtins.__import__(name, globals, locals, fromlist, level)


def _check_attribute_name(name):
    if isinstance(name, str) and name in _FORBIDDEN_ATTRIBUTES:
        raise InterpreterError(_message("forbiddenAttribute", name=name))


def _guarded_getattr(obj, name, *default):
    _check_attribute_name(name)
    return getattr(obj, name, *default)


def _guarded_hasattr(obj, name):
    _check_attribute_name(name)
    return hasattr(obj, name)


def _guarded_setattr(obj, name, value):
    _check_attribute_name(name)
    return setattr(obj, name, value)


def _guarded_delattr(obj, name):
    _check_attribute_name(name)
    return delattr(obj, name)


def _guarded_vars(*args):
    if args and isinstance(args[0], _types.ModuleType):
        raise InterpreterError(_message("forbiddenAttribute", name="vars(module)"))
    return vars(*args) if args else _user_globals


def _guarded_open(file, mode="r", *args, **kwargs):
    if any(flag in mode for flag in "wax+"):
        raise PermissionError(_message("writeNotAllowed", path=file))
    return open(file, mode, *args, **kwargs)


def _refused(name):
    def refused(*args, **kwargs):
        raise InterpreterError(_message("forbiddenFunction", name=name))
    refused.__name__ = name
    return refused


def _make_builtins():
    safe = dict(vars(_builtins))
    for name in ("eval", "exec", "compile", "breakpoint", "input", "help", "exit", "quit",
                 "copyright", "credits", "license", "__loader__", "__spec__"):
        safe.pop(name, None)
    for name in ("eval", "exec", "compile", "breakpoint", "input"):
        safe[name] = _refused(name)
    safe.update({
        "__import__": _guarded_import, "getattr": _guarded_getattr, "hasattr": _guarded_hasattr,
        "setattr": _guarded_setattr, "delattr": _guarded_delattr, "vars": _guarded_vars, "open": _guarded_open,
    })
    return safe


class _PrintCapture:
    """sys.stdout during an action: keeps the first max_chars characters and counts the rest."""

    def __init__(self, max_chars):
        self.max_chars = max_chars
        self.parts = []
        self.length = 0
        self.truncated = False

    def write(self, text):
        if not isinstance(text, str):
            text = str(text)
        if self.truncated:
            return len(text)
        room = self.max_chars - self.length
        if len(text) > room:
            self.parts.append(text[:max(0, room)])
            self.length = self.max_chars
            self.truncated = True
        else:
            self.parts.append(text)
            self.length += len(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def text(self):
        return "".join(self.parts)


${PYTHON_WIRE_VALUES_SOURCE}
def _tool_function(name, parameters, renamed=None):
    # parameters are the names the signature shows; renamed maps those Python cannot use as given
    # (a keyword such as 'from', shown as 'from_') back to the tool's own names. Both spellings work.
    renamed = renamed or {}
    shown_as = {original: shown for shown, original in renamed.items()}

    def call_tool(*args, **kwargs):
        if len(args) == 1 and not kwargs and isinstance(args[0], dict) and args[0] and all(shown_as.get(k, k) in parameters for k in args[0]):
            given = {shown_as.get(key, key): item for key, item in args[0].items()}
        else:
            if len(args) > len(parameters):
                raise TypeError(_message("tooManyArguments", name=name, count=len(parameters), parameters=", ".join(parameters) or "none"))
            given = dict(zip(parameters, args))
            for key, item in kwargs.items():
                key = shown_as.get(key, key)
                if key in given:
                    raise TypeError(_message("duplicateArgument", name=name, argument=key))
                given[key] = item
        arguments = {renamed.get(key, key): item for key, item in given.items()}
        where = name + "()"
        reply = _from_wire(_state["host_call"](name, _dumps(_to_wire(arguments, True, where), where)))
        if reply.get("ok"):
            return reply.get("value")
        raise ToolError(reply.get("error", "tool failed"))

    call_tool.__name__ = name
    return call_tool


def _final_answer(*args, **kwargs):
    if len(args) + len(kwargs) != 1:
        raise TypeError("final_answer() takes exactly one argument: the answer")
    value = args[0] if args else next(iter(kwargs.values()))
    # Checked here (type and size), so that a value that cannot leave the sandbox fails at the line that gave it.
    wire = _to_wire(value, True, "final_answer()")
    _dumps(wire, "final_answer()")
    raise FinalAnswerException(wire, _display(value))


def _install_globals():
    _user_globals["__builtins__"] = _make_builtins()
    _user_globals["__name__"] = "__main__"
    _user_globals["final_answer"] = _final_answer
    _state["installed"] = {}
    for tool in _state["tools"]:
        function = _tool_function(tool["name"], tool["parameters"], tool.get("renamed"))
        _state["installed"][tool["name"]] = function
        _user_globals[tool["name"]] = function


def _disable_processes():
    # In Pyodide these reach Node's child_process, which the permission model refuses with a fatal
    # error that kills the interpreter: refuse them earlier, with a clear message.
    import os
    import posix
    for name in ("system", "popen", "fork", "forkpty", "spawnv", "spawnve", "spawnvp", "spawnvpe", "spawnl",
                 "spawnle", "spawnlp", "spawnlpe", "posix_spawn", "posix_spawnp", "execv", "execve", "execl",
                 "execle", "execlp", "execlpe", "execvp", "execvpe", "kill", "killpg"):
        for module in (os, posix):
            if hasattr(module, name):
                setattr(module, name, _refused(name))


def configure(config_json, host_call):
    config = _json.loads(config_json)
    _state["allowed"] = list(config["allowed"])
    _state["hard_denied"] = list(config["hardDenied"])
    _state["messages"] = dict(config["messages"])
    _state["host_call"] = host_call
    if config.get("maxValueChars"):
        _state["max_value_chars"] = int(config["maxValueChars"])
    if config.get("recursionLimit"):
        _sys.setrecursionlimit(int(config["recursionLimit"]))
    if config.get("disableProcesses"):
        _disable_processes()
    if config.get("reseedRandom"):
        # Interpreters restored from one memory snapshot would otherwise share the same random state.
        import random
        random.seed()
    if config.get("addressSpaceLimitBytes"):
        # A container's memory limit ends in the OOM killer (state lost, no message); a lower
        # address-space limit turns the same bomb into a Python MemoryError first.
        import resource
        limit = int(config["addressSpaceLimitBytes"])
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    _install_globals()


def set_tools(tools_json):
    # Functions of the previous tools go, unless the code has since rebound their names.
    for name, function in list(_state["installed"].items()):
        if _user_globals.get(name) is function:
            del _user_globals[name]
    _state["tools"] = _json.loads(tools_json)
    _install_globals()


def set_variables(variables_json):
    _user_globals.update(_from_wire(variables_json))


def _check_tree(tree):
    for node in _ast.walk(tree):
        if isinstance(node, _ast.Attribute) and node.attr in _FORBIDDEN_ATTRIBUTES:
            error = InterpreterError(_message("forbiddenAttribute", name=node.attr))
            error.lineno = node.lineno
            raise error
        if isinstance(node, _ast.Name) and node.id in _FORBIDDEN_NAMES:
            error = InterpreterError(_message("forbiddenAttribute", name=node.id))
            error.lineno = node.lineno
            raise error


def _line_of(error):
    if isinstance(error, SyntaxError) and error.filename == "<code>":
        return error.lineno
    line = getattr(error, "lineno", None) if isinstance(error, InterpreterError) else None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<code>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _run(code):
    tree = _ast.parse(code, filename="<code>", mode="exec")
    _check_tree(tree)
    last = None
    if tree.body and isinstance(tree.body[-1], _ast.Expr):
        last = _ast.Expression(tree.body.pop().value)
    exec(compile(tree, "<code>", "exec"), _user_globals)
    if last is None:
        return None
    return eval(compile(last, "<code>", "eval"), _user_globals)


def _syntax_error(error):
    line = error.lineno if error.filename == "<code>" else None
    column = error.offset or 1
    context = ""
    if error.text and line is not None:
        text = error.text.rstrip("\n")
        context = "\n" + text + "\n" + " " * max(0, column - 1) + "^"
    message = _message("syntaxError", message=error.msg, line=line, column=column, context=context)
    return {"kind": "error", "errorType": type(error).__name__, "message": message, "line": line}


def execute(code, max_print_chars):
    capture = _PrintCapture(int(max_print_chars))
    saved_stdout = _sys.stdout
    _sys.stdout = capture
    result = {}
    try:
        value = _run(code)
        result = {"kind": "value", "hasValue": value is not None, "value": _to_wire(value, False, "the last expression"),
                  "text": _display(value)}
    except FinalAnswerException as answer:
        result = {"kind": "final", "value": answer.value, "text": answer.text}
    except SyntaxError as error:
        result = _syntax_error(error)
    except BaseException as error:
        result = {"kind": "error", "errorType": type(error).__name__, "message": str(error), "line": _line_of(error)}
    finally:
        _sys.stdout = saved_stdout
    result["logs"] = capture.text()
    result["truncated"] = capture.truncated
    # The host's line cap is derived from this one (protocol-limits.ts): a step result may hold a value, the prints and a shown value.
    limit = _state["max_value_chars"] + int(max_print_chars) + ${STEP_OVERHEAD_CHARS}
    if "message" in result and len(result["message"]) > _state["max_value_chars"]:
        result["message"] = result["message"][:_state["max_value_chars"]] + "..."
    try:
        return _dumps(result, "the step's result", limit)
    except (TypeError, ValueError) as error:
        return _dumps({"kind": "error", "errorType": type(error).__name__, "message": str(error), "line": None,
                       "logs": result["logs"], "truncated": result["truncated"]}, "the step's result", limit)
`;
