import type { TimeWindow } from '../TimeWindow.js';

/**
 * What a trigger decides, as Flink's `TriggerResult`: `'continue'` does nothing, `'fire'` emits the
 * window's result and keeps its contents, `'purge'` drops the contents, `'fireAndPurge'` does both.
 */
export type TriggerResult = 'continue' | 'fire' | 'purge' | 'fireAndPurge';

/** The {@link TriggerResult} values by name, for triggers written as code. */
export const TriggerResult = {
  continue: 'continue',
  fire: 'fire',
  purge: 'purge',
  fireAndPurge: 'fireAndPurge',
} as const satisfies Record<string, TriggerResult>;

/**
 * What a trigger sees of its window: its own state (one per key and window) and timers, both
 * dropped with the window. Timers of one kind at one time are registered once.
 */
export interface TriggerContext<S> {
  /** This window's trigger state, made by {@link Trigger.createState}; assign to replace it. */
  state: S;
  /** The operator's watermark: `Number.MIN_SAFE_INTEGER` until the first one. */
  readonly currentWatermark: number;
  /** The materializer's clock. */
  currentProcessingTime(): number;
  /** Calls `onEventTime(time)` once the watermark reaches `time`. */
  registerEventTimeTimer(time: number): void;
  /** Calls `onProcessingTime(time)` once the clock reaches `time`. */
  registerProcessingTimeTimer(time: number): void;
  deleteEventTimeTimer(time: number): void;
  deleteProcessingTimeTimer(time: number): void;
}

/**
 * Decides when a window fires and when its contents are purged, as Flink's `Trigger`. Pass one as
 * the `trigger` option of `Window.aggregate`, `reduce` or `process`; the built-in ones are
 * {@link EventTimeTrigger}, {@link ProcessingTimeTrigger}, {@link CountTrigger},
 * {@link TimeOrCountTrigger}, {@link ContinuousEventTimeTrigger},
 * {@link ContinuousProcessingTimeTrigger} and {@link PurgingTrigger}.
 *
 * A window is `[start, end)`: in event time its last instant is `end - 1` (a watermark `t` rules
 * out elements at `t` and before); in processing time it ends when the clock reaches `end`.
 * @typeParam S - the state the trigger keeps per key and window (a count, a next firing time).
 */
export interface Trigger<T, S> {
  /** For errors and docs: `CountTrigger(3)`. */
  readonly name: string;
  /** The state of a window the trigger has not seen yet. */
  createState(): S;
  /** An element was added to `window` (its contents include it). */
  onElement(
    element: T,
    timestamp: number,
    window: TimeWindow,
    ctx: TriggerContext<S>,
  ): TriggerResult;
  /** An event-time timer this trigger registered for `window` is due. */
  onEventTime(time: number, window: TimeWindow, ctx: TriggerContext<S>): TriggerResult;
  /** A processing-time timer this trigger registered for `window` is due. */
  onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext<S>): TriggerResult;
  /**
   * Session windows only: `merged`, the state of a window now part of `window`, joins
   * `ctx.state`; re-register the timers `window`'s new bounds need (the merged window's are gone).
   * A trigger without it cannot run with a merging assigner.
   */
  onMerge?(window: TimeWindow, merged: S, ctx: TriggerContext<S>): void;
  /**
   * The window is removed (Flink's `clear`). Its timers and state go with it whatever this does:
   * implement it only to release something of your own.
   */
  clear?(window: TimeWindow, ctx: TriggerContext<S>): void;
}
