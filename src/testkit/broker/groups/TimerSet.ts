import type { Clock, Timer } from './Clock.js';

/**
 * Every timer the coordinator has outstanding, so that closing the broker can cancel them all at
 * once. Fired and cancelled timers leave the set, so its size is the number still pending.
 */
export class TimerSet {
  private readonly live = new Set<Timer>();
  private isClosed = false;

  constructor(private readonly clock: Clock) {}

  /** Schedules `callback`; once the set is closed this returns an inert timer instead. */
  schedule(delayMs: number, callback: () => void): Timer {
    if (this.isClosed) return inertTimer;
    const live = this.live;
    // The wrapper is created before the clock's timer, so `fire` can remove exactly this entry.
    const entry: Timer = {
      cancel() {
        if (live.delete(entry)) inner.cancel();
      },
    };
    const inner = this.clock.setTimeout(() => {
      if (live.delete(entry)) callback();
    }, delayMs);
    live.add(entry);
    return entry;
  }

  /** The number of timers that have neither fired nor been cancelled. */
  get size(): number {
    return this.live.size;
  }

  /** Cancels every pending timer and refuses new ones. */
  close(): void {
    this.isClosed = true;
    for (const timer of [...this.live]) timer.cancel();
  }
}

const inertTimer: Timer = {
  cancel() {
    // Nothing was scheduled, so there is nothing to cancel.
  },
};
