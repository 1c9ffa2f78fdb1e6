/**
 * A promise with its settle functions, for materialized values. Its rejection is marked handled,
 * so a stream whose result nobody awaits does not crash the process with an unhandled rejection;
 * whoever awaits it still sees the error.
 */
export class Deferred<T> {
  readonly promise: Promise<T>;
  private resolveFn!: (value: T) => void; // assigned in the constructor's executor
  private rejectFn!: (error: unknown) => void; // assigned in the constructor's executor
  isSettled = false;

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolveFn = resolve;
      this.rejectFn = reject;
    });
    this.promise.catch(() => undefined);
  }

  resolve(value: T): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.resolveFn(value);
  }

  reject(error: unknown): void {
    if (this.isSettled) return;
    this.isSettled = true;
    this.rejectFn(error);
  }
}
