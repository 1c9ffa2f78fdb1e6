import type { TimeWindow } from '../TimeWindow.js';
import { StatelessTrigger } from './StatelessTrigger.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

class ProcessingTimeTriggerImpl extends StatelessTrigger {
  readonly name = 'ProcessingTimeTrigger';
  override onElement(
    _element: unknown,
    _timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<undefined>,
  ): TriggerResult {
    ctx.registerProcessingTimeTimer(window.end);
    return 'continue';
  }
  override onProcessingTime(time: number, window: TimeWindow): TriggerResult {
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
