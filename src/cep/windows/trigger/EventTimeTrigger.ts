import type { TimeWindow } from '../TimeWindow.js';
import { StatelessTrigger } from './StatelessTrigger.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

class EventTimeTriggerImpl extends StatelessTrigger {
  readonly name = 'EventTimeTrigger';
  override onElement(
    _element: unknown,
    _timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<undefined>,
  ): TriggerResult {
    // Within allowed lateness the window has passed already: each late element fires it again.
    if (window.end - 1 <= ctx.currentWatermark) return 'fire';
    ctx.registerEventTimeTimer(window.end - 1);
    return 'continue';
  }
  override onEventTime(time: number, window: TimeWindow): TriggerResult {
    // A session that grew left its old timer behind: only the current end fires.
    return time === window.end - 1 ? 'fire' : 'continue';
  }
  onMerge(window: TimeWindow, _merged: undefined, ctx: TriggerContext<undefined>): void {
    if (window.end - 1 > ctx.currentWatermark) ctx.registerEventTimeTimer(window.end - 1);
  }
}

/**
 * Fires a window once the watermark passes its end, and again for each element within allowed
 * lateness, as Flink's `EventTimeTrigger`. The default of event-time assigners.
 *
 * ```text
 * window [0, 10)    elements ...   watermark 9 → fire
 * ```
 */
export const EventTimeTrigger = {
  create(): Trigger<unknown, undefined> {
    return eventTimeTrigger;
  },
};
const eventTimeTrigger = new EventTimeTriggerImpl();
