/**
 * @internal Holds kafkajs's `eachBatch` back while every partition of a consumer is paused, until
 * one is resumed or `maxWaitMs` passed. kafkajs's fetch loop sleeps `maxWaitTimeInMs` when it
 * finds nothing to fetch, and a resume does not cut that sleep short; an `eachBatch` that returns
 * at the resume makes the next fetch start at once instead. The wait is never longer than the
 * sleep it replaces, so heartbeats are no later than they would be.
 */
export class FetchWakeup {
  private readonly waiters: (() => void)[] = [];

  constructor(private readonly maxWaitMs: number) {}

  /** Resolves at the next `wake`, or after `maxWaitMs`. */
  wait(): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.wake();
      }, this.maxWaitMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** A partition was resumed, or the consumer is stopping: let kafkajs fetch again. */
  wake(): void {
    if (this.waiters.length === 0) return;
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}
