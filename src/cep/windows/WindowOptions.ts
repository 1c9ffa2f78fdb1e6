import type { Graph, SinkShape } from '../../core/index.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import type { Evictor } from './evictor/Evictor.js';
import type { Trigger } from './trigger/Trigger.js';
import type { WindowMetrics } from './WindowMetrics.js';

/**
 * The event-time and state options of a window operator. `timestamp` and `watermark` are the
 * event-time model that the pattern operator shares.
 */
export interface WindowOptions<T, K> {
  /**
   * The event time of an element, in milliseconds. Required by event-time assigners; ignored by
   * processing-time ones.
   */
  readonly timestamp?: (element: T) => number;
  /**
   * How watermarks are generated from the elements, inside the operator. `'fromStream'`: the
   * input is an event-time stream whose {@link Watermark}s (from `EventTime.merge`,
   * `EventTime.assignTimestampsAndWatermarks` or a partitioned source) drive the operator. Without
   * either, event-time windows fire when the input completes.
   */
  readonly watermark?: WatermarkStrategy<T> | 'fromStream';
  /** The key of an element; without it the stream is one window set (non-keyed). */
  readonly keyBy?: (element: T) => K;
  /** Where late elements go (elements whose every window has closed); otherwise they are counted. */
  readonly lateData?: Graph<SinkShape<T>, unknown>;
  /**
   * How long after firing a window keeps its state (Flink's allowed lateness): an element that
   * arrives in that time updates it and fires it again. 0 by default.
   */
  readonly allowedLatenessMs?: number;
  /**
   * Kafka Streams' grace: the window fires once, `graceMs` after its end, so out-of-order elements
   * within the grace still count, and later ones are late. 0 by default.
   */
  readonly graceMs?: number;
  /**
   * When results are emitted:
   * - `'onWindowClose'` (default): when the window fires (Kafka Streams'
   *   `EmitStrategy.onWindowClose`), and again for each element within `allowedLatenessMs`;
   * - `'onEveryUpdate'`: after every element as well (`EmitStrategy.onWindowUpdate`);
   * - `'suppressUntilClose'`: once per window, when it is closed for good, after its end plus
   *   `graceMs` plus `allowedLatenessMs`, with every element that arrived by then (Kafka Streams'
   *   `suppress(Suppressed.untilWindowCloses(...))`): no early or repeated results.
   */
  readonly emit?: 'onWindowClose' | 'onEveryUpdate' | 'suppressUntilClose';
  /** The most windows one key may hold open; 10,000 by default. */
  readonly maxOpenWindowsPerKey?: number;
  /** The most windows open over all keys; 1,000,000 by default. */
  readonly maxOpenWindows?: number;
  /**
   * When a bound is reached: `'fail'` (default) fails the stream with an
   * {@link OpenWindowLimitError} naming the key; `'emitOldest'` fires the oldest window of that key
   * (or of all keys, for the total bound) early and drops its state.
   */
  readonly onTooManyWindows?: 'fail' | 'emitOldest';
  /** Counters to read while the stream runs. */
  readonly metrics?: WindowMetrics;
  /**
   * When windows fire and purge, as Flink's `trigger(...)`: replaces the assigner's default
   * (firing at the window's end). Not with `graceMs` or `emit: 'onEveryUpdate'`, which belong to
   * the default trigger. With a session assigner the trigger needs `onMerge`.
   */
  readonly trigger?: Trigger<T, unknown>;
  /**
   * Removes elements before or after each firing, as Flink's `evictor(...)`. The window then keeps
   * its elements, not an accumulator, and runs the function over them at each firing.
   */
  readonly evictor?: Evictor<T>;
  /**
   * Closes a key's windows when the key has had no element for this long on the materializer's
   * clock: each fires with what it holds (if not yet emitted) and its state goes, so keys that
   * never return leave nothing. A later element of that key opens a new window.
   */
  readonly closeIdleKeysAfterMs?: number;
  /**
   * Closes every window when the stream has had no element for this long on the materializer's
   * clock: each fires with what it holds (if not yet emitted) and its state goes. For a source that
   * stops without completing, where no watermark will come.
   */
  readonly closeWhenStreamIdleMs?: number;
}

/** The options of a window over an event-time stream: its watermarks come with its elements. */
export type EventTimeStreamOptions<T, K> = WindowOptions<T, K> & {
  readonly watermark: 'fromStream';
};
