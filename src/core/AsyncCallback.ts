import type { GraphStageLogic } from './GraphStageLogic.js';

/**
 * A way into a running stage from outside its handlers: a promise continuation, a socket event, a
 * timer of your own. `invoke` runs the stage's handler in the interpreter's turn, never nested in
 * another handler of the same stream. Obtain one with `getAsyncCallback` in the logic's
 * constructor or `preStart`.
 */
export class AsyncCallback<T> {
  constructor(
    private readonly logic: GraphStageLogic,
    private readonly handler: (value: T) => void,
  ) {}

  /** Delivers `value` to the stage; ignored once the stage has stopped. */
  invoke(value: T): void {
    dispatchAsync(this.logic, this.handler as (value: unknown) => void, value, undefined);
  }

  /**
   * Delivers `value` and resolves once the stage handled it; rejects with `StreamDetachedError`
   * when the stage has stopped, or with the handler's error.
   */
  invokeWithFeedback(value: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      dispatchAsync(this.logic, this.handler as (value: unknown) => void, value, {
        resolve,
        reject,
      });
    });
  }
}

/** @internal How an interpreter tells the caller of `invokeWithFeedback` what happened. */
export interface Feedback {
  resolve(): void;
  reject(error: unknown): void;
}

/** @internal Routes an async event to the logic's interpreter, or parks it until the logic is wired. */
export function dispatchAsync(
  logic: GraphStageLogic,
  handler: (value: unknown) => void,
  value: unknown,
  feedback: Feedback | undefined,
): void {
  const interpreter = logic.rt.interpreter;
  if (interpreter === undefined) {
    (logic.pendingAsync ??= []).push(() => {
      dispatchAsync(logic, handler, value, feedback);
    });
    return;
  }
  interpreter.dispatchAsync(logic, handler, value, feedback);
}
