import type { Clock, Timer } from '../../../../src/testkit/broker/groups/Clock.js';

interface Scheduled {
  readonly due: number;
  readonly order: number;
  readonly callback: () => void;
  isCancelled: boolean;
}

/**
 * A clock that only moves when told to. `advance(ms)` fires every timer due within the window in
 * time order (ties in scheduling order), including timers scheduled by the callbacks it runs.
 */
export class ManualClock implements Clock {
  private time = 0;
  private order = 0;
  private queue: Scheduled[] = [];

  now(): number {
    return this.time;
  }

  setTimeout(callback: () => void, delayMs: number): Timer {
    const entry: Scheduled = {
      due: this.time + Math.max(0, delayMs),
      order: this.order++,
      callback,
      isCancelled: false,
    };
    this.queue.push(entry);
    return {
      cancel() {
        entry.isCancelled = true;
      },
    };
  }

  /** Moves time forward by `ms`, firing what falls due on the way. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      this.queue = this.queue.filter((e) => !e.isCancelled);
      this.queue.sort((a, b) => a.due - b.due || a.order - b.order);
      const next = this.queue[0];
      if (next === undefined || next.due > end) break;
      this.queue.shift();
      this.time = next.due;
      next.callback();
    }
    this.time = end;
  }

  /** Timers neither fired nor cancelled. */
  get pending(): number {
    return this.queue.filter((e) => !e.isCancelled).length;
  }
}
