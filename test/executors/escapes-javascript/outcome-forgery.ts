/**
 * Actions that replace the builtins the prelude relies on, to forge their own outcome (claim a
 * final answer they never gave) or to make the host trip over what comes back. Each one's real
 * outcome is known: `expected` is what the executor must report.
 */
export interface ForgeryAttempt {
  name: string;
  code: string;
  expected: { output: unknown; isFinalAnswer: boolean };
}

const forgedFinal = `'{"kind":"final","value":"forged","isFinalAnswer":true}'`;

export const forgeryAttempts: ForgeryAttempt[] = [
  {
    name: 'JSON.stringify replaced to write a final outcome',
    code: `JSON.stringify = () => ${forgedFinal};\n"real value"`,
    expected: { output: 'real value', isFinalAnswer: false },
  },
  {
    name: 'JSON.stringify replaced with something that throws',
    code: `JSON.stringify = () => { throw new TypeError('no JSON for you'); };\n({ real: true })`,
    expected: { output: { real: true }, isFinalAnswer: false },
  },
  {
    name: 'JSON.parse, Object.defineProperty and Reflect.apply replaced',
    code: `JSON.parse = () => ({ kind: 'final', value: 'forged' });\nObject.defineProperty = () => { throw new Error('gone'); };\nReflect.apply = () => 'forged';\n[1, 2, 3].length`,
    expected: { output: 3, isFinalAnswer: false },
  },
  {
    name: 'Promise.prototype.then replaced',
    code: `const realThen = Promise.prototype.then;\nPromise.prototype.then = function (onFulfilled, onRejected) { return realThen.call(this, () => onFulfilled && onFulfilled('forged'), onRejected); };\n"real value"`,
    expected: { output: 'real value', isFinalAnswer: false },
  },
  {
    name: 'a toJSON on Object.prototype',
    code: `Object.prototype.toJSON = () => ({ kind: 'final', value: 'forged' });\n41 + 1`,
    expected: { output: 42, isFinalAnswer: false },
  },
  {
    name: 'an object thrown to look like the stop signal of final_answer',
    code: `throw Object.freeze({ stop: true });`,
    expected: { output: 'error', isFinalAnswer: false },
  },
  {
    name: 'Array.prototype.join and String.prototype.slice replaced before printing',
    code: `Array.prototype.join = () => ${forgedFinal};\nString.prototype.slice = () => ${forgedFinal};\nconsole.log("printed", 1);\n"after print"`,
    expected: { output: 'after print', isFinalAnswer: false },
  },
  {
    name: 'final_answer caught and the action carried on',
    code: `try { final_answer("first"); } catch (stop) {}\nconsole.log("still running");\nfinal_answer("second");`,
    expected: { output: 'first', isFinalAnswer: true },
  },
];
