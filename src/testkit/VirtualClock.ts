import { Heap } from 'heap-js';
import type { Cancellable, Clock } from '../core/index.js';

class VirtualTimer implements Cancellable {
  isCancelled = false;
  fired = false;
  constructor(
    readonly dueAt: number,
    readonly seq: number,
    readonly task: () => void,
    private readonly clock: VirtualClock,
  ) {}
  cancel(): boolean {
    if (this.isCancelled || this.fired) return false;
    this.isCancelled = true;
    this.clock.timerCancelled();
    return true;
  }
}

/**
 * A clock that moves only when a test says so. `advance(ms)` fires every timer that falls due, in
 * time order (ties in scheduling order), synchronously; each firing runs its stream's interpreter
 * before the next one. Give it to a `Materializer` and every timer-driven operator runs without
 * real sleeps.
 *
 * @example
 * ```ts
 * const clock = new VirtualClock();
 * const mat = new Materializer({ clock });
 * clock.advance(1_000);
 * ```
 */
export class VirtualClock implements Clock {
  private current: number;
  private seq = 0;
  private live = 0;
  private readonly timers = new Heap<VirtualTimer>((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  schedule(delayMs: number, task: () => void): Cancellable {
    const timer = new VirtualTimer(this.current + Math.max(0, delayMs), this.seq++, task, this);
    this.timers.push(timer);
    this.live++;
    return timer;
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0)
      throw new RangeError(`VirtualClock.advance: ms must be >= 0, got ${ms}`);
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.peek();
      if (next === undefined || next.dueAt > target) break;
      this.timers.pop();
      if (next.isCancelled) continue;
      this.current = next.dueAt;
      next.fired = true;
      this.live--;
      next.task();
    }
    this.current = target;
  }

  /** Timers scheduled and neither fired nor cancelled. */
  get pendingTimers(): number {
    return this.live;
  }

  /** @internal */
  timerCancelled(): void {
    this.live--;
  }
}
