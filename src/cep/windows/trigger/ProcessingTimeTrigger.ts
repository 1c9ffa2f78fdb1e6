import type { TimeWindow } from '../TimeWindow.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

class ProcessingTimeTriggerImpl implements Trigger<unknown, undefined> {
  readonly name = 'ProcessingTimeTrigger';
  createState(): undefined {
    return undefined;
  }
  onElement(
    _element: unknown,
    _timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<undefined>,
  ): TriggerResult {
    ctx.registerProcessingTimeTimer(window.end);
    return 'continue';
  }
  onEventTime(): TriggerResult {
    return 'continue';
  }
  onProcessingTime(time: number, window: TimeWindow): TriggerResult {
    return time === window.end ? 'fire' : 'continue';
  }
  onMerge(window: TimeWindow, _merged: undefined, ctx: TriggerContext<undefined>): void {
    ctx.registerProcessingTimeTimer(window.end);
  }
}

/**
 * Fires a window when the materializer's clock reaches its end, as Flink's
 * `ProcessingTimeTrigger`. The default of processing-time assigners.
 */
export const ProcessingTimeTrigger = {
  create(): Trigger<unknown, undefined> {
    return processingTimeTrigger;
  },
};
const processingTimeTrigger = new ProcessingTimeTriggerImpl();
