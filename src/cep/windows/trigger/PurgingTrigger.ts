import type { TimeWindow } from '../TimeWindow.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

function purging(result: TriggerResult): TriggerResult {
  return result === 'fire' ? 'fireAndPurge' : result;
}

class Purging<T, S> implements Trigger<T, S> {
  readonly name: string;
  constructor(protected readonly inner: Trigger<T, S>) {
    this.name = `PurgingTrigger(${inner.name})`;
  }
  createState(): S {
    return this.inner.createState();
  }
  onElement(
    element: T,
    timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<S>,
  ): TriggerResult {
    return purging(this.inner.onElement(element, timestamp, window, ctx));
  }
  onEventTime(time: number, window: TimeWindow, ctx: TriggerContext<S>): TriggerResult {
    return purging(this.inner.onEventTime(time, window, ctx));
  }
  onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext<S>): TriggerResult {
    return purging(this.inner.onProcessingTime(time, window, ctx));
  }
  clear(window: TimeWindow, ctx: TriggerContext<S>): void {
    this.inner.clear?.(window, ctx);
  }
}

/** A purging trigger over one that can merge: it can merge too. */
class MergingPurging<T, S> extends Purging<T, S> {
  onMerge(window: TimeWindow, merged: S, ctx: TriggerContext<S>): void {
    this.inner.onMerge?.(window, merged, ctx);
  }
}

/**
 * Turns every firing of `trigger` into a firing and a purge, as Flink's `PurgingTrigger`: each
 * result covers only the elements since the previous one.
 *
 * ```text
 * PurgingTrigger.of(CountTrigger.of(3))    a b c | d e f     fires (a b c), then (d e f)
 * ```
 */
export const PurgingTrigger = {
  of<T, S>(trigger: Trigger<T, S>): Trigger<T, S> {
    return trigger.onMerge === undefined ? new Purging(trigger) : new MergingPurging(trigger);
  },
};
