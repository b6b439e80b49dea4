import type { QuickJSContext, QuickJSHandle } from 'quickjs-emscripten-core';
import { executorMessage } from '../../prompts/executor-messages.js';
import type { GuestScope } from './guest-scope.js';

/** Settles a guest promise with JSON text, or rejects it with a message. */
export interface Settle {
  resolve(json: string): void;
  reject(message: string): void;
}

/** Tool calls and sleeps one action may have pending at once (each costs the worker memory). */
const MAX_PENDING_OPERATIONS = 10_000;

/**
 * A guest promise for host work (a tool call, a sleep). `start` settles it at once (a refusal) or
 * later, and returns how to cancel the work. The scope tracks it: when the scope ends, the work is
 * cancelled and the promise is never settled, so a late result cannot resume a stopped action.
 */
export function hostPromise(vm: QuickJSContext, scope: GuestScope | undefined, start: (settle: Settle) => (() => void) | void): QuickJSHandle {
  const deferred = vm.newPromise();
  let untrack = () => {};
  let cancelWork: (() => void) | void;
  const finish = (settleGuest: () => void) => {
    if (!deferred.alive) return;
    if (scope?.active) settleGuest();
    deferred.dispose();
    untrack();
  };
  const settle: Settle = {
    resolve: (json) =>
      finish(() => {
        const handle = vm.newString(json);
        deferred.resolve(handle);
        handle.dispose();
      }),
    // Rejected with the message as a plain string: making an Error here would set its name and
    // message through setters that code of an earlier step may have put on Error.prototype.
    reject: (message) =>
      finish(() => {
        const handle = vm.newString(message);
        deferred.reject(handle);
        handle.dispose();
      }),
  };
  // The caller's copy: quickjs-emscripten frees what a host function returns.
  const handle = deferred.handle.dup();
  if (scope && scope.pendingOperations >= MAX_PENDING_OPERATIONS) {
    settle.reject(executorMessage('tooManyPendingOperations', { limit: MAX_PENDING_OPERATIONS }));
    return handle;
  }
  if (scope?.active) {
    untrack = scope.track({
      cancel: () => {
        cancelWork?.();
        if (deferred.alive) deferred.dispose();
      },
    });
  }
  cancelWork = start(settle);
  return handle;
}
