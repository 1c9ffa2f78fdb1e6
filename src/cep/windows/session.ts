import { requireFunction } from '../../core/index.js';
import type { WindowAssigner } from './WindowAssigner.js';
import { requirePositiveDuration } from './validation.js';

/** @internal The session assigner: `[t, t + gap)` per element, merged per key. */
export class SessionWindows<T> implements WindowAssigner<T> {
  readonly isMerging = true;
  readonly maxWindowsPerElement = 1;
  constructor(
    readonly name: string,
    readonly isEventTime: boolean,
    private readonly gap: (element: T) => number,
    /** The gap of `withGap`; undefined for `withDynamicGap`. */
    readonly fixedGapMs: number | undefined,
  ) {}
  assignWindows(element: T, timestamp: number, out: number[]): number {
    const gap = this.gap(element);
    if (!(gap > 0)) {
      throw new RangeError(`${this.name}: the gap must be a positive number, got ${String(gap)}`);
    }
    out[0] = timestamp;
    out[1] = timestamp + gap;
    return 1;
  }
}

function fixedGap<T>(kind: string, isEventTime: boolean, gapMs: number): WindowAssigner<T> {
  requirePositiveDuration(`${kind}.withGap`, 'gapMs', gapMs);
  return new SessionWindows<T>(`${kind}(${String(gapMs)})`, isEventTime, () => gapMs, gapMs);
}

function dynamicGap<T>(
  kind: string,
  isEventTime: boolean,
  gap: (element: T) => number,
): WindowAssigner<T> {
  requireFunction(`${kind}.withDynamicGap`, 'gap', gap);
  return new SessionWindows<T>(`${kind}(dynamic)`, isEventTime, gap, undefined);
}

/**
 * Sessions of event time: an element opens `[t, t + gap)`, and windows of one key that overlap or
 * touch merge, so a session ends `gap` after its last element (Kafka Streams' session `[first,
 * last]` is `[start, end - gap]`).
 *
 * ```text
 * time  10 12       20          gap 5
 *       [10   17)   [20   25)   two sessions
 *       10 12  16   20          16 arrives
 *       [10              25)    one session
 * ```
 */
export const EventTimeSessionWindows = {
  /**
   * Sessions closed by `gapMs` of event time without elements.
   * @throws RangeError if `gapMs` is not positive.
   */
  withGap<T>(gapMs: number): WindowAssigner<T> {
    return fixedGap<T>('EventTimeSessionWindows', true, gapMs);
  },
  /**
   * Sessions whose gap each element sets (a positive number of milliseconds).
   * @throws TypeError if `gap` is not a function.
   */
  withDynamicGap<T>(gap: (element: T) => number): WindowAssigner<T> {
    return dynamicGap('EventTimeSessionWindows', true, gap);
  },
};

/** Sessions of processing time: closed by `gap` of the materializer's clock without elements. */
export const ProcessingTimeSessionWindows = {
  /**
   * Sessions closed by `gapMs` of processing time without elements.
   * @throws RangeError if `gapMs` is not positive.
   */
  withGap<T>(gapMs: number): WindowAssigner<T> {
    return fixedGap<T>('ProcessingTimeSessionWindows', false, gapMs);
  },
  /**
   * Sessions whose gap each element sets.
   * @throws TypeError if `gap` is not a function.
   */
  withDynamicGap<T>(gap: (element: T) => number): WindowAssigner<T> {
    return dynamicGap('ProcessingTimeSessionWindows', false, gap);
  },
};
