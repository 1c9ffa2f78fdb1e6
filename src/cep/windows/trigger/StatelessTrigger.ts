import type { TimeWindow } from '../TimeWindow.js';
import type { Trigger, TriggerContext, TriggerResult } from './Trigger.js';

/**
 * @internal A trigger without state that ignores what it does not override: the base of the
 * time triggers and of global windows' trigger that never fires.
 */
export abstract class StatelessTrigger implements Trigger<unknown, undefined> {
  abstract readonly name: string;
  createState(): undefined {
    return undefined;
  }
  onElement(
    _element: unknown,
    _timestamp: number,
    _window: TimeWindow,
    _ctx: TriggerContext<undefined>,
  ): TriggerResult {
    return 'continue';
  }
  onEventTime(_time: number, _window: TimeWindow, _ctx: TriggerContext<undefined>): TriggerResult {
    return 'continue';
  }
  onProcessingTime(
    _time: number,
    _window: TimeWindow,
    _ctx: TriggerContext<undefined>,
  ): TriggerResult {
    return 'continue';
  }
}
