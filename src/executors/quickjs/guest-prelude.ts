/**
 * JavaScript that runs once inside each sandbox, before any model code. It receives the host bridge
 * functions as arguments and keeps them in its closure, so model code never sees them; it returns
 * the small internal API the host calls (define tools, set variables, run an action).
 *
 * Model code may replace any global or prototype method afterwards, so the prelude captures every
 * builtin it uses up front and calls them through `Reflect.apply` (no `.then`, `.map` or `for…of`
 * on live objects). Model code can still shape its own values (a `toJSON`, a setter on
 * `Array.prototype`), which only changes what it prints or returns. What the host trusts does not
 * come from here at all: whether the action gave a final answer is the host's own
 * record of `hostFinalAnswer` calls, and time-outs are decided by the host's interrupt flag.
 *
 * Values cross the boundary as JSON text made inside the guest and parsed by the host; the host
 * never hands the guest an object of its own. Shared by the QuickJS and the Docker executors.
 */
/** The name the prelude gives final_answer (FinalAnswerTool's name; not imported, to keep zod out of the worker). */
export const FINAL_ANSWER_FUNCTION = 'final_answer';

export const GUEST_PRELUDE = String.raw`
(function (hostPrint, hostCallTool, hostSleep, hostFinalAnswer, messages, limits) {
  'use strict';
  const global = globalThis;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const apply = Reflect.apply;
  const defineProperty = Object.defineProperty;
  const freeze = Object.freeze;
  const keys = Object.keys;
  const fromEntries = Object.fromEntries;
  const arrayFrom = Array.from;
  const isArray = Array.isArray;
  const PromiseConstructor = Promise;
  const promiseThen = Promise.prototype.then;
  const ErrorConstructor = Error;
  const StringConstructor = String;
  const NumberConstructor = Number;
  const MapConstructor = Map;
  const SetConstructor = Set;
  const mapSize = Reflect.getOwnPropertyDescriptor(Map.prototype, 'size').get;
  const setSize = Reflect.getOwnPropertyDescriptor(Set.prototype, 'size').get;
  const mapEntries = Map.prototype.entries;
  const setValues = Set.prototype.values;
  const stringReplace = String.prototype.replace;
  const regExpExec = RegExp.prototype.exec;
  const stringSlice = String.prototype.slice;
  const symbolToString = Symbol.prototype.toString;
  // slice defines its result's elements (no setter runs), unlike an assignment into an array.
  const arraySlice = Array.prototype.slice;
  const hasInstance = Function.prototype[Symbol.hasInstance];
  const isInstance = (value, constructor) => apply(hasInstance, constructor, [value]);
  const lineInAction = /action\.js:(\d+)/;
  // Thrown by final_answer to end the action; frozen so that model code cannot tag it.
  const STOP = freeze({ stop: true });
  // Counted here too so that a flood of calls is refused without a trip to the host each (the
  // host counts again: this counter lives in memory the model's code could reach through a bug).
  let toolCallsLeft = 0;
  const fill = (template, value) => apply(stringReplace, template, ['{{limit}}', StringConstructor(value)]);

  function format(value) {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function ' + (value.name || 'anonymous') + ']';
    if (typeof value === 'bigint') return StringConstructor(value) + 'n';
    if (typeof value === 'symbol') return apply(symbolToString, value, []);
    if (isInstance(value, PromiseConstructor)) return messages.unawaitedPromise;
    if (isInstance(value, ErrorConstructor)) return StringConstructor(value.name) + ': ' + StringConstructor(value.message);
    if (isInstance(value, MapConstructor)) return 'Map(' + apply(mapSize, value, []) + ') ' + format(fromEntries(apply(mapEntries, value, [])));
    if (isInstance(value, SetConstructor)) return 'Set(' + apply(setSize, value, []) + ') ' + format(arrayFrom(apply(setValues, value, [])));
    if (typeof value === 'object' && value !== null) {
      try {
        const json = stringify(value, jsonReplacer);
        if (json !== undefined) return json;
      } catch (error) {
        // Circular structures fall through to String().
      }
    }
    return StringConstructor(value);
  }

  function jsonReplacer(key, item) {
    if (typeof item === 'bigint') return StringConstructor(item) + 'n';
    if (isInstance(item, PromiseConstructor)) return messages.unawaitedPromise;
    return item;
  }

  function print() {
    // Built by concatenation: an assignment into an array would run a setter model code put on Array.prototype.
    let line = '';
    for (let index = 0; index < arguments.length; index++) line += (index > 0 ? ' ' : '') + format(arguments[index]);
    // Cut here: the host refuses to copy a longer string out of the sandbox's memory.
    hostPrint(apply(stringSlice, line, [0, limits.maxPrintChars + 1]));
  }
  const printToConsole = function log() {
    apply(print, undefined, arguments);
  };
  global.console = freeze({ log: printToConsole, info: printToConsole, warn: printToConsole, error: printToConsole, debug: printToConsole });
  global.print = print;

  global.final_answer = function final_answer(value) {
    if (isInstance(value, PromiseConstructor)) return apply(promiseThen, value, [final_answer]);
    let json;
    try {
      json = stringify(value === undefined ? null : value, jsonReplacer);
    } catch (error) {
      throw new TypeError(messages.finalAnswerNotJson + ' ' + StringConstructor(error && error.message));
    }
    hostFinalAnswer(json === undefined ? 'null' : json);
    throw STOP;
  };

  global.setTimeout = function setTimeout(callback, milliseconds) {
    const args = apply(arraySlice, arguments, [2]);
    apply(promiseThen, hostSleep(NumberConstructor(milliseconds) || 0), [() => apply(callback, undefined, args)]);
    return 0;
  };
  const sleepRefused = (failure) => {
    throw new ErrorConstructor(StringConstructor(failure));
  };
  global.sleep = function sleep(milliseconds) {
    return apply(promiseThen, hostSleep(NumberConstructor(milliseconds) || 0), [undefined, sleepRefused]);
  };

  /** The line of the model's code that a stack trace points at, or 0. */
  function callerLine(stack) {
    const match = apply(regExpExec, lineInAction, [StringConstructor(stack)]);
    return match ? NumberConstructor(match[1]) : 0;
  }

  function defineTool(name) {
    const callTool = function () {
      // The call site's stack: a failure is reported at the line of the model's code that called the tool.
      const site = new ErrorConstructor();
      const line = callerLine(site.stack);
      if (--toolCallsLeft < 0) {
        const refusal = toolError(site, line, fill(messages.tooManyToolCalls, limits.maxToolCallsPerAction));
        return new PromiseConstructor((resolve, reject) => reject(refusal));
      }
      let argumentsJson;
      try {
        argumentsJson = stringify(apply(arraySlice, arguments, []), jsonReplacer);
      } catch (error) {
        const failure = toolError(site, line, StringConstructor(error && error.message));
        return new PromiseConstructor((resolve, reject) => reject(failure));
      }
      return apply(promiseThen, hostCallTool(name, argumentsJson), [
        (resultJson) => (resultJson === '' ? undefined : parse(resultJson)),
        // The host rejects with the message as a string: no property of a (poisonable) Error is read.
        (failure) => {
          throw toolError(site, line, typeof failure === 'string' ? failure : StringConstructor(failure && failure.message));
        },
      ]);
    };
    defineProperty(callTool, 'name', { value: name });
    defineProperty(global, name, { value: callTool, writable: true, configurable: true, enumerable: false });
  }

  function toolError(site, line, message) {
    const suffix = line ? apply(stringReplace, messages.toolErrorLine, ['{{line}}', StringConstructor(line)]) : '';
    defineProperty(site, 'name', { value: 'ToolError', writable: true, configurable: true });
    defineProperty(site, 'message', { value: message + suffix, writable: true, configurable: true });
    return site;
  }

  /** Cuts an error's text here, inside the guest: the host refuses to copy a longer string out. */
  function clip(text, limit, note) {
    if (text.length <= limit) return text;
    return apply(stringSlice, text, [0, limit]) + (note ? fill(messages.errorMessageCut, limit) : '');
  }

  /**
   * An error as the host reads it: name, message and line, cut to size. The error's getters (and a
   * thrown value's toString) are guest code and may throw, or hand back anything: each field falls
   * back on its own, and the record itself is made of our own strings.
   */
  function errorRecord(error) {
    let name = 'Error';
    let message = messages.unreadableError;
    let line = 0;
    try {
      if (error !== null && typeof error === 'object' && isInstance(error, ErrorConstructor)) {
        try {
          name = clip(StringConstructor(error.name), limits.maxErrorNameChars, false) || 'Error';
        } catch (ignored) {}
        try {
          message = clip(StringConstructor(error.message), limits.maxErrorChars, true);
        } catch (ignored) {}
        try {
          line = callerLine(error.stack);
        } catch (ignored) {}
      } else {
        message = clip('Uncaught ' + format(error), limits.maxErrorChars, true);
      }
    } catch (ignored) {}
    return { __proto__: null, kind: 'error', name, message, line };
  }

  return freeze({
    defineTools(namesJson) {
      const names = parse(namesJson);
      for (let index = 0; index < names.length; index++) defineTool(names[index]);
    },
    setVariables(variablesJson) {
      const variables = parse(variablesJson);
      const names = keys(variables);
      for (let index = 0; index < names.length; index++) {
        defineProperty(global, names[index], { value: variables[names[index]], writable: true, configurable: true, enumerable: true });
      }
    },
    /** An error the host caught (a syntax error, a failed call of ours) as { name, message, line }. */
    describeError(error) {
      return errorRecord(error);
    },
    /**
     * Runs an action; settles with a record { kind: 'value' | 'error' | 'stopped', … } that the host
     * reads field by field. Not as JSON text: quickjs-ng's JSON.stringify stores into arrays of its
     * own with ordinary assignments, so a setter that model code put on Array.prototype[0] would run
     * inside it (and could make every later outcome unreadable). The record has no prototype and
     * only our own strings and numbers.
     */
    async run(action) {
      toolCallsLeft = limits.maxToolCallsPerAction;
      let record;
      try {
        const value = await action(global);
        let valueJson;
        try {
          valueJson = value === undefined ? undefined : stringify(value, jsonReplacer);
        } catch (error) {
          valueJson = undefined;
        }
        // Too long to cross whole: the model gets the start of it as text (it sees a slice anyway).
        if (valueJson !== undefined && valueJson.length > limits.maxValueChars) valueJson = undefined;
        const text = valueJson !== undefined && typeof value === 'object' && value !== null ? undefined : apply(stringSlice, format(value), [0, limits.maxValueChars]);
        record = { __proto__: null, kind: 'value', valueJson, text };
      } catch (error) {
        record = error === STOP ? { __proto__: null, kind: 'stopped' } : errorRecord(error);
      }
      return record;
    },
  });
})
`;
