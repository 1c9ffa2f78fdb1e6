import type { AsyncCallback } from './AsyncCallback.js';
import type { Cancellable } from './Clock.js';
import { GraphStageLogic } from './GraphStageLogic.js';

class Timer {
  handle: Cancellable | undefined = undefined;
  constructor(
    readonly key: unknown,
    /** Fixed delay or rate after the first firing; 0 for a one-shot timer. */
    readonly interval: number,
    readonly atFixedRate: boolean,
    /** When the timer is due next, on the materializer's clock. */
    public dueAt: number,
  ) {}
}

/**
 * A {@link GraphStageLogic} with named timers on the materializer's clock (real time by default,
 * virtual in tests). Scheduling a key again replaces its timer; every timer is cancelled when the
 * stage stops. Override {@link onTimer}. A timer may fire when the outlet cannot be pushed: check
 * `isAvailable(out)` and push on the next `onPull` otherwise.
 */
export abstract class TimerGraphStageLogic extends GraphStageLogic {
  private readonly timers = new Map<unknown, Timer>();
  private fireCallback: AsyncCallback<Timer> | undefined = undefined;

  /** Called when the timer `key` fires. */
  protected abstract onTimer(key: unknown): void;

  /** Fires `onTimer(key)` once, after `delayMs`. */
  scheduleOnce(key: unknown, delayMs: number): void {
    this.schedule(key, delayMs, 0, false);
  }

  /** Fires `onTimer(key)` after `initialDelayMs`, then `delayMs` after each firing was handled. */
  scheduleWithFixedDelay(key: unknown, initialDelayMs: number, delayMs: number): void {
    requirePositiveInterval('scheduleWithFixedDelay', delayMs);
    this.schedule(key, initialDelayMs, delayMs, false);
  }

  /** Fires `onTimer(key)` after `initialDelayMs`, then every `intervalMs` measured from the start. */
  scheduleAtFixedRate(key: unknown, initialDelayMs: number, intervalMs: number): void {
    requirePositiveInterval('scheduleAtFixedRate', intervalMs);
    this.schedule(key, initialDelayMs, intervalMs, true);
  }

  /** Cancels the timer `key`, if any. */
  cancelTimer(key: unknown): void {
    const timer = this.timers.get(key);
    if (timer === undefined) return;
    this.timers.delete(key);
    timer.handle?.cancel();
  }

  /** Whether the timer `key` is scheduled. */
  isTimerActive(key: unknown): boolean {
    return this.timers.has(key);
  }

  /** The current time on the materializer's clock, in milliseconds. */
  now(): number {
    return this.materializer.clock.now();
  }

  private schedule(key: unknown, delayMs: number, interval: number, atFixedRate: boolean): void {
    const clock = this.materializer.clock;
    this.cancelTimer(key);
    const timer = new Timer(key, interval, atFixedRate, clock.now() + Math.max(0, delayMs));
    this.timers.set(key, timer);
    this.arm(timer);
  }

  private arm(timer: Timer): void {
    const clock = this.materializer.clock;
    const callback = (this.fireCallback ??= this.getAsyncCallback((t: Timer) => {
      this.fireTimer(t);
    }));
    timer.handle = clock.schedule(Math.max(0, timer.dueAt - clock.now()), () => {
      callback.invoke(timer);
    });
  }

  private fireTimer(timer: Timer): void {
    // A replaced or cancelled timer may still have an event in flight: it is stale.
    if (this.timers.get(timer.key) !== timer) return;
    // A clock may fire early (the real one counts whole milliseconds); the stage would then find
    // nothing due and wait forever, so an early firing re-arms for the remainder.
    if (this.now() < timer.dueAt) {
      this.arm(timer);
      return;
    }
    if (timer.interval === 0) {
      this.timers.delete(timer.key);
    } else {
      timer.dueAt = timer.atFixedRate ? timer.dueAt + timer.interval : this.now() + timer.interval;
      this.arm(timer);
    }
    this.onTimer(timer.key);
  }

  /** @internal */
  override onStopped(): void {
    for (const timer of this.timers.values()) timer.handle?.cancel();
    this.timers.clear();
    super.onStopped();
  }
}

function requirePositiveInterval(method: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(
      `${method}: the interval must be a positive number of milliseconds, got ${value}`,
    );
  }
}
