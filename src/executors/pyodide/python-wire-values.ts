/**
 * The Python half of the wire format (wire-values.ts is the host's half; the two must agree), as
 * source text that python-runner.ts includes: `_to_wire` makes the JSON-ready copy of a value that
 * leaves the sandbox, `_from_wire` reads what the host sends. It uses the runner's `_message` and
 * `_state`, and the modules the runner imports (`_base64`, `_json`, `_math`).
 */
import { MAX_DISPLAY_CHARS } from './protocol-limits.js';

export const PYTHON_WIRE_VALUES_SOURCE = String.raw`
# Values cross to the host in a wire format (see wire-values.ts): JSON, plus tagged objects for what
# JSON cannot carry exactly. _to_wire and _from_wire must agree with toWire and parseWire there.
_TAG = "$type"
_MAX_SAFE_INTEGER = 2 ** 53 - 1
_MAX_WIRE_DEPTH = 200
_SPECIAL_FLOATS = {"nan": float("nan"), "inf": float("inf"), "-inf": float("-inf"), "-0": -0.0}


def _type_name(value):
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else kind.__module__ + "." + kind.__qualname__


def _wire_key(key, strict, where):
    # Like json.dumps: str keys as they are, numbers, booleans and None as their JSON text.
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)):
        return repr(float(key)) if isinstance(key, float) else str(int(key))
    if strict:
        raise TypeError(_message("valueCannotCross", where=where, type="dict key of type " + _type_name(key)))
    return repr(key)


def _to_wire(value, strict, where, depth=0, active=None):
    """A JSON-ready copy of value. strict: what cannot cross is a TypeError; otherwise its repr."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        if -_MAX_SAFE_INTEGER <= value <= _MAX_SAFE_INTEGER:
            return int(value)
        return {_TAG: "int", "hex": ("-" if value < 0 else "") + format(abs(int(value)), "x")}
    if isinstance(value, float):
        if value != value:
            return {_TAG: "float", "value": "nan"}
        if _math.isinf(value):
            return {_TAG: "float", "value": "inf" if value > 0 else "-inf"}
        if value == 0.0 and _math.copysign(1.0, value) < 0:
            return {_TAG: "float", "value": "-0"}
        return float(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return {_TAG: "bytes", "base64": _base64.b64encode(bytes(value)).decode("ascii")}
    if not isinstance(value, (list, tuple, set, frozenset, dict)):
        if strict:
            raise TypeError(_message("valueCannotCross", where=where, type=_type_name(value)))
        return repr(value)
    active = set() if active is None else active
    if depth >= _MAX_WIRE_DEPTH or id(value) in active:
        if not strict:
            return repr(value)
        if depth >= _MAX_WIRE_DEPTH:
            raise ValueError(_message("valueTooDeep", where=where, depth=_MAX_WIRE_DEPTH))
        raise ValueError(_message("valueContainsItself", where=where))
    active.add(id(value))
    try:
        if isinstance(value, dict):
            result = {}
            for key, item in value.items():
                result[_wire_key(key, strict, where)] = _to_wire(item, strict, where, depth + 1, active)
            if _TAG in result:
                return {_TAG: "object", "entries": [[key, item] for key, item in result.items()]}
            return result
        return [_to_wire(item, strict, where, depth + 1, active) for item in value]
    finally:
        active.discard(id(value))


def _hashable(key):
    return tuple(_hashable(item) for item in key) if isinstance(key, list) else key


def _from_wire_object(obj):
    if _TAG not in obj:
        return obj
    kind = obj[_TAG]
    if kind == "int":
        text = obj["hex"]
        return -int(text[1:], 16) if text.startswith("-") else int(text, 16)
    if kind == "float":
        return _SPECIAL_FLOATS[obj["value"]]
    if kind == "bytes":
        return _base64.b64decode(obj["base64"], validate=True)
    if kind == "object":
        return {_hashable(key): item for key, item in obj["entries"]}
    raise ValueError("unknown tagged value " + repr(kind))


_MAX_DISPLAY_CHARS = ${MAX_DISPLAY_CHARS}


def _display(value):
    """How Python shows the value (str for text, repr otherwise), for observations."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except BaseException as error:
        text = "<%s: repr() failed: %s>" % (_type_name(value), type(error).__name__)
    return text if len(text) <= _MAX_DISPLAY_CHARS else text[:_MAX_DISPLAY_CHARS] + "..."


def _from_wire(text):
    return _json.loads(text, object_hook=_from_wire_object)


def _dumps(value, where, limit=None):
    limit = _state["max_value_chars"] if limit is None else limit
    text = _json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    if len(text) > limit:
        raise ValueError(_message("valueTooLarge", where=where, size=len(text), limit=limit))
    return text
`;
