import type { Evictor } from './evictor/Evictor.js';
import type { Trigger } from './trigger/Trigger.js';

/**
 * Puts an element into windows, as Flink's `WindowAssigner`. Build one with the factories
 * (`TumblingEventTimeWindows.of`, `SlidingEventTimeWindows.of`, `EventTimeSessionWindows.withGap`,
 * `CalendarWindows.day`, ...); a custom assigner implements this interface.
 */
export interface WindowAssigner<T> {
  /** The assigner's name, for errors and docs (`TumblingEventTimeWindows(60000)`). */
  readonly name: string;
  /** Event time (the `timestamp` option and watermarks) or processing time (the clock). */
  readonly isEventTime: boolean;
  /** Session windows: overlapping windows of one key merge into one. */
  readonly isMerging: boolean;
  /** The most windows one element can fall into: the size of the buffer `assignWindows` fills. */
  readonly maxWindowsPerElement: number;
  /**
   * Writes the windows `timestamp` falls into as `[start, end)` pairs into `out` (`out[2i]` is a
   * start, `out[2i + 1]` its end) and returns how many. Called for every element: write into
   * `out`, allocate nothing.
   */
  assignWindows(element: T, timestamp: number, out: number[]): number;
  /**
   * The trigger used when the `trigger` option is not given. Without one, windows fire at their
   * end (the built-in fast path, as `EventTimeTrigger` or `ProcessingTimeTrigger` would).
   */
  readonly defaultTrigger?: Trigger<T, unknown> | undefined;
  /** The evictor used when the `evictor` option is not given (count-sliding windows). */
  readonly defaultEvictor?: Evictor<T> | undefined;
}
