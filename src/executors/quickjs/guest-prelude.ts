/**
 * JavaScript that runs once inside each QuickJS context, before any model code. It receives the
 * host bridge functions as arguments and keeps them in its closure, so model code never sees them;
 * it returns the small internal API the host calls (define tools, set variables, run an action).
 *
 * Values cross the boundary as JSON strings made and parsed inside the guest: the host never hands
 * the guest an object of its own, and the guest never hands the host one.
 */
export const GUEST_PRELUDE = String.raw`
(function (hostPrint, hostCallTool, hostSleep, messages) {
  'use strict';
  const FINAL_ANSWER = Symbol('final_answer');
  let finalAnswer = FINAL_ANSWER;

  function format(value) {
    if (typeof value === 'string') return value;
    if (value === undefined) return 'undefined';
    if (typeof value === 'function') return '[Function ' + (value.name || 'anonymous') + ']';
    if (typeof value === 'bigint') return value + 'n';
    if (typeof value === 'symbol') return value.toString();
    if (value instanceof Promise) return messages.unawaitedPromise;
    if (value instanceof Error) return value.name + ': ' + value.message;
    if (value instanceof Map) return 'Map(' + value.size + ') ' + format(Object.fromEntries(value));
    if (value instanceof Set) return 'Set(' + value.size + ') ' + format([...value]);
    if (typeof value === 'object' && value !== null) {
      try {
        const json = JSON.stringify(value, (key, item) =>
          typeof item === 'bigint' ? item + 'n' : item instanceof Promise ? messages.unawaitedPromise : item);
        if (json !== undefined) return json;
      } catch (error) {
        // Circular structures fall through to String().
      }
    }
    return String(value);
  }

  function print(...values) {
    if (finalAnswer !== FINAL_ANSWER) return;
    hostPrint(values.map(format).join(' '));
  }
  const printToConsole = (...values) => print(...values);
  globalThis.console = Object.freeze({
    log: printToConsole, info: printToConsole, warn: printToConsole, error: printToConsole, debug: printToConsole,
  });
  globalThis.print = print;

  globalThis.final_answer = function final_answer(value) {
    if (value instanceof Promise) return value.then(final_answer);
    finalAnswer = value;
    throw FINAL_ANSWER;
  };

  globalThis.setTimeout = function setTimeout(callback, milliseconds, ...args) {
    hostSleep(Number(milliseconds) || 0).then(() => callback(...args));
    return 0;
  };
  globalThis.sleep = (milliseconds) => hostSleep(Number(milliseconds) || 0);

  function defineTool(name) {
    const callTool = async function (...args) {
      const resultJson = await hostCallTool(name, JSON.stringify(args));
      return resultJson === '' ? undefined : JSON.parse(resultJson);
    };
    Object.defineProperty(callTool, 'name', { value: name });
    globalThis[name] = callTool;
  }

  function errorRecord(error) {
    if (error instanceof Error) return { name: error.name, message: error.message, stack: String(error.stack || '') };
    return { name: 'Error', message: 'Uncaught ' + format(error), stack: '' };
  }

  function outcome(record) {
    try {
      return JSON.stringify(record);
    } catch (error) {
      return JSON.stringify({ kind: 'error', error: { name: 'TypeError', message: 'The result could not be converted to JSON: ' + error.message, stack: '' } });
    }
  }

  function finalOutcome() {
    const value = finalAnswer;
    return outcome({ kind: 'final', value: value === undefined ? null : value });
  }

  return {
    defineTools(namesJson) {
      for (const name of JSON.parse(namesJson)) defineTool(name);
    },
    setVariables(variablesJson) {
      const variables = JSON.parse(variablesJson);
      for (const name of Object.keys(variables)) globalThis[name] = variables[name];
    },
    async run(action) {
      finalAnswer = FINAL_ANSWER;
      try {
        const value = await action();
        if (finalAnswer !== FINAL_ANSWER) return finalOutcome();
        return outcome({ kind: 'value', value: value === undefined ? null : value, undefined: value === undefined, text: typeof value === 'object' && value !== null ? undefined : format(value) });
      } catch (error) {
        if (finalAnswer !== FINAL_ANSWER) return finalOutcome();
        return outcome({ kind: 'error', error: errorRecord(error) });
      }
    },
  };
})
`;
