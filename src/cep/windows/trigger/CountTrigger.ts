import { requirePositiveInt } from '../../../core/index.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

class CountTriggerImpl implements Trigger<unknown, number> {
  readonly name: string;
  constructor(private readonly maxCount: number) {
    this.name = `CountTrigger(${maxCount})`;
  }
  createState(): number {
    return 0;
  }
  onElement(
    _element: unknown,
    _timestamp: number,
    _window: unknown,
    ctx: TriggerContext<number>,
  ): TriggerResult {
    const count = ctx.state + 1;
    if (count < this.maxCount) {
      ctx.state = count;
      return 'continue';
    }
    ctx.state = 0;
    return 'fire';
  }
  onEventTime(): TriggerResult {
    return 'continue';
  }
  onProcessingTime(): TriggerResult {
    return 'continue';
  }
  onMerge(_window: unknown, merged: number, ctx: TriggerContext<number>): void {
    // As Flink: the merged count fires on the next element, not at the merge.
    ctx.state += merged;
  }
}

/**
 * Fires a window every `maxCount` elements it receives, as Flink's `CountTrigger`; never on time.
 * Wrap it in {@link PurgingTrigger} for windows of `maxCount` elements each.
 *
 * ```text
 * CountTrigger.of(3)    a b c | d e f | g      fires after c (a b c) and f (a .. f)
 * ```
 */
export const CountTrigger = {
  /** @throws RangeError if `maxCount` is not a positive integer. */
  of(maxCount: number): Trigger<unknown, number> {
    requirePositiveInt('CountTrigger.of', 'maxCount', maxCount);
    return new CountTriggerImpl(maxCount);
  },
};
