/** A scheduled callback that can be cancelled before it fires. */
export interface Timer {
  /** Stops the callback from running; a no-op once it has fired or been cancelled. */
  cancel(): void;
}

/**
 * The time source the group coordinator runs on. Production code uses {@link systemClock}; unit
 * tests inject a manual clock so that session and rebalance timeouts fire deterministically,
 * without sleeping.
 */
export interface Clock {
  /** Milliseconds since the epoch (only differences matter). */
  now(): number;
  /** Runs `callback` once, `delayMs` from now. */
  setTimeout(callback: () => void, delayMs: number): Timer;
}

/**
 * The wall clock. Its timers are `unref`ed: a group waiting out a session timeout must never keep
 * a test process alive on its own.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback: () => void, delayMs: number): Timer {
    const handle = setTimeout(callback, Math.max(0, delayMs));
    handle.unref();
    return {
      cancel() {
        clearTimeout(handle);
      },
    };
  },
};
