import { requirePositiveInt } from '../../../core/index.js';
import type { TimeWindow } from '../TimeWindow.js';
import { requirePositiveDuration } from '../validation.js';
import { hasEnd, unset } from './hasEnd.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

/** The count since the last firing, and when the timeout is due. */
export class TimeOrCountState {
  count = 0;
  deadline = unset;
}

type Ctx = TriggerContext<TimeOrCountState>;

class TimeOrCountTriggerImpl implements Trigger<unknown, TimeOrCountState> {
  readonly name: string;
  constructor(
    private readonly maxCount: number,
    private readonly timeoutMs: number,
  ) {
    this.name = `TimeOrCountTrigger(${maxCount}, ${timeoutMs})`;
  }
  createState(): TimeOrCountState {
    return new TimeOrCountState();
  }
  onElement(_element: unknown, _timestamp: number, window: TimeWindow, ctx: Ctx): TriggerResult {
    if (hasEnd(window)) {
      if (window.end - 1 <= ctx.currentWatermark) return 'fire'; // a late element, within lateness
      ctx.registerEventTimeTimer(window.end - 1);
    }
    const state = ctx.state;
    if (++state.count >= this.maxCount) return this.fired(ctx);
    if (state.deadline === unset) {
      state.deadline = ctx.currentProcessingTime() + this.timeoutMs;
      ctx.registerProcessingTimeTimer(state.deadline);
    }
    return 'continue';
  }
  onEventTime(time: number, window: TimeWindow, ctx: Ctx): TriggerResult {
    return time === window.end - 1 ? this.fired(ctx) : 'continue';
  }
  onProcessingTime(time: number, _window: TimeWindow, ctx: Ctx): TriggerResult {
    return time === ctx.state.deadline ? this.fired(ctx) : 'continue';
  }
  onMerge(window: TimeWindow, merged: TimeOrCountState, ctx: Ctx): void {
    const state = ctx.state;
    state.count += merged.count;
    if (merged.deadline < state.deadline) state.deadline = merged.deadline;
    if (state.deadline !== unset) ctx.registerProcessingTimeTimer(state.deadline);
    if (hasEnd(window) && window.end - 1 > ctx.currentWatermark) {
      ctx.registerEventTimeTimer(window.end - 1);
    }
  }

  private fired(ctx: Ctx): TriggerResult {
    const state = ctx.state;
    if (state.deadline !== unset) ctx.deleteProcessingTimeTimer(state.deadline);
    state.count = 0;
    state.deadline = unset;
    return 'fire';
  }
}

/**
 * Fires a window when `maxCount` elements arrived since its last firing, or `timeoutMs` of
 * processing time after the first of them, whichever comes first; and, for an event-time window,
 * when the watermark passes its end. Batches "100 elements or 1 s" on a global window (wrap it in
 * {@link PurgingTrigger}), or gives early results on a long event-time window.
 *
 * ```text
 * of(3, 100)   a b c |  d ...100 ms... |  e f
 *              fire (count)  fire (timeout)
 * ```
 */
export const TimeOrCountTrigger = {
  /** @throws RangeError if `maxCount` is not a positive integer or `timeoutMs` not positive. */
  of(maxCount: number, timeoutMs: number): Trigger<unknown, TimeOrCountState> {
    requirePositiveInt('TimeOrCountTrigger.of', 'maxCount', maxCount);
    requirePositiveDuration('TimeOrCountTrigger.of', 'timeoutMs', timeoutMs);
    return new TimeOrCountTriggerImpl(maxCount, timeoutMs);
  },
};
