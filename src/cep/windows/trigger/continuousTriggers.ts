import type { TimeWindow } from '../TimeWindow.js';
import { requirePositiveDuration } from '../validation.js';
import { hasEnd, unset } from './hasEnd.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

/** The first multiple of `interval` after `time`. */
function nextAligned(time: number, interval: number): number {
  const rest = time % interval;
  return time - (rest < 0 ? rest + interval : rest) + interval;
}

class ContinuousEventTime implements Trigger<unknown, number> {
  readonly name: string;
  constructor(private readonly intervalMs: number) {
    this.name = `ContinuousEventTimeTrigger(${intervalMs})`;
  }
  createState(): number {
    return unset;
  }
  onElement(
    _element: unknown,
    timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<number>,
  ): TriggerResult {
    if (hasEnd(window)) {
      if (window.end - 1 <= ctx.currentWatermark) return 'fire';
      ctx.registerEventTimeTimer(window.end - 1);
    }
    if (ctx.state === unset)
      this.registerNext(nextAligned(timestamp, this.intervalMs), window, ctx);
    return 'continue';
  }
  onEventTime(time: number, window: TimeWindow, ctx: TriggerContext<number>): TriggerResult {
    if (time === window.end - 1) return 'fire';
    if (time !== ctx.state) return 'continue';
    // A watermark that jumps far fires once, not once per interval it skipped.
    const next = nextAligned(Math.max(time, ctx.currentWatermark), this.intervalMs);
    this.registerNext(next, window, ctx);
    return 'fire';
  }
  onProcessingTime(): TriggerResult {
    return 'continue';
  }
  onMerge(window: TimeWindow, merged: number, ctx: TriggerContext<number>): void {
    if (merged < ctx.state) ctx.state = merged;
    if (ctx.state !== unset) ctx.registerEventTimeTimer(ctx.state);
    if (window.end - 1 > ctx.currentWatermark) ctx.registerEventTimeTimer(window.end - 1);
  }

  private registerNext(at: number, window: TimeWindow, ctx: TriggerContext<number>): void {
    // The window's own end fires it anyway.
    if (hasEnd(window) && at >= window.end - 1) {
      ctx.state = unset;
      return;
    }
    ctx.state = at;
    ctx.registerEventTimeTimer(at);
  }
}

class ContinuousProcessingTime implements Trigger<unknown, number> {
  readonly name: string;
  constructor(private readonly intervalMs: number) {
    this.name = `ContinuousProcessingTimeTrigger(${intervalMs})`;
  }
  createState(): number {
    return unset;
  }
  onElement(
    _element: unknown,
    _timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<number>,
  ): TriggerResult {
    if (hasEnd(window)) ctx.registerProcessingTimeTimer(window.end);
    if (ctx.state === unset) {
      ctx.state = nextAligned(ctx.currentProcessingTime(), this.intervalMs);
      ctx.registerProcessingTimeTimer(ctx.state);
    }
    return 'continue';
  }
  onEventTime(): TriggerResult {
    return 'continue';
  }
  onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext<number>): TriggerResult {
    if (time === window.end) return 'fire';
    if (time !== ctx.state) return 'continue';
    // A clock that jumps far fires once, not once per interval it skipped.
    ctx.state = nextAligned(Math.max(time, ctx.currentProcessingTime()), this.intervalMs);
    ctx.registerProcessingTimeTimer(ctx.state);
    return 'fire';
  }
  onMerge(window: TimeWindow, merged: number, ctx: TriggerContext<number>): void {
    if (merged < ctx.state) ctx.state = merged;
    if (ctx.state !== unset) ctx.registerProcessingTimeTimer(ctx.state);
    if (hasEnd(window)) ctx.registerProcessingTimeTimer(window.end);
  }
}

/**
 * Fires a window every `intervalMs` of event time (at multiples of it) as well as at its end, as
 * Flink's `ContinuousEventTimeTrigger`: early results of a long window. Each firing emits the
 * window's result so far; wrap it in {@link PurgingTrigger} for deltas instead.
 *
 * ```text
 * window [0, 60000), of(10000)    fires at watermark 10000, 20000, ... and 59999
 * ```
 */
export const ContinuousEventTimeTrigger = {
  /** @throws RangeError if `intervalMs` is not positive. */
  of(intervalMs: number): Trigger<unknown, number> {
    requirePositiveDuration('ContinuousEventTimeTrigger.of', 'intervalMs', intervalMs);
    return new ContinuousEventTime(intervalMs);
  },
};

/**
 * Fires a window every `intervalMs` of processing time (at multiples of it on the materializer's
 * clock), starting with its first element, and when the clock reaches its end, as Flink's
 * `ContinuousProcessingTimeTrigger`: early firings of an event-time window, or periodic results of
 * a global one. It keeps firing each interval until the window is removed.
 */
export const ContinuousProcessingTimeTrigger = {
  /** @throws RangeError if `intervalMs` is not positive. */
  of(intervalMs: number): Trigger<unknown, number> {
    requirePositiveDuration('ContinuousProcessingTimeTrigger.of', 'intervalMs', intervalMs);
    return new ContinuousProcessingTime(intervalMs);
  },
};
