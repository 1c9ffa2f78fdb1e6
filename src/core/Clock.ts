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
  /** Runs `task` once, `delayMs` from now. */
  schedule(delayMs: number, task: () => void): Cancellable;
}

class RealTimer implements Cancellable {
  isCancelled = false;
  private fired = false;
  private readonly handle: NodeJS.Timeout;
  constructor(delayMs: number, task: () => void) {
    this.handle = setTimeout(() => {
      this.fired = true;
      task();
    }, delayMs);
  }
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
