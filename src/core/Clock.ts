/** A handle to cancel something scheduled. `cancel()` answers whether it was still pending. */
export interface Cancellable {
  cancel(): boolean;
  readonly isCancelled: boolean;
}

/**
 * The time source of a materializer: timers of every stage it runs read it. The default is real
 * time; the testkit's `VirtualClock` advances only when a test says so.
 */
export interface Clock {
  /** Milliseconds since some fixed origin. */
  now(): number;
  /**
   * Runs `task` once, `delayMs` from now. The task never runs before `now()` has reached the due
   * time: stages compare `now()` with the deadlines they keep, and an early task would find
   * nothing due and leave the stage waiting for a timer that has already fired.
   */
  schedule(delayMs: number, task: () => void): Cancellable;
}

// `setTimeout` counts whole milliseconds on libuv's cached loop time, while `now()` reads
// `performance.now()` to the microsecond, so a timer can fire a fraction of a millisecond before
// its due time as `now()` sees it. Such a firing re-arms for the remainder instead of running.
class RealTimer implements Cancellable {
  isCancelled = false;
  private fired = false;
  private handle: NodeJS.Timeout;
  private readonly dueAt: number;
  constructor(
    delayMs: number,
    private readonly task: () => void,
  ) {
    this.dueAt = performance.now() + delayMs;
    this.handle = setTimeout(this.onTimeout, delayMs);
  }
  private readonly onTimeout = (): void => {
    const remaining = this.dueAt - performance.now();
    if (remaining > 0) {
      this.handle = setTimeout(this.onTimeout, Math.ceil(remaining));
      return;
    }
    this.fired = true;
    this.task();
  };
  cancel(): boolean {
    if (this.isCancelled || this.fired) return false;
    this.isCancelled = true;
    clearTimeout(this.handle);
    return true;
  }
}

/** Wall-clock time with Node timers. */
export const realClock: Clock = {
  now: () => performance.now(),
  schedule: (delayMs, task) => new RealTimer(Math.max(0, delayMs), task),
};
