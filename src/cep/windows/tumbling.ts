import { requireNonNegativeDuration } from '../../core/index.js';
import type { WindowAssigner } from './WindowAssigner.js';
import { requirePositiveDuration } from './validation.js';

/** The start of the window of `size` (shifted by `offset`) that `timestamp` falls in. */
export function windowStart(timestamp: number, offset: number, size: number): number {
  const rest = (timestamp - offset) % size;
  return timestamp - (rest < 0 ? rest + size : rest);
}

/** @internal The tumbling assigner: its window is a function of the timestamp alone. */
export class TumblingWindows<T> implements WindowAssigner<T> {
  readonly isMerging = false;
  readonly maxWindowsPerElement = 1;
  constructor(
    readonly name: string,
    readonly isEventTime: boolean,
    private readonly size: number,
    private readonly offset: number,
  ) {}
  assignWindows(_element: T, timestamp: number, out: number[]): number {
    const start = windowStart(timestamp, this.offset, this.size);
    out[0] = start;
    out[1] = start + this.size;
    return 1;
  }
}

function tumbling<T>(
  kind: string,
  isEventTime: boolean,
  sizeMs: number,
  offsetMs: number,
): WindowAssigner<T> {
  requirePositiveDuration(`${kind}.of`, 'sizeMs', sizeMs);
  requireNonNegativeDuration(`${kind}.of`, 'offsetMs', offsetMs);
  return new TumblingWindows<T>(
    `${kind}(${String(sizeMs)})`,
    isEventTime,
    sizeMs,
    offsetMs % sizeMs,
  );
}

/**
 * Fixed-size, non-overlapping windows of event time: `[k * size + offset, (k + 1) * size + offset)`.
 *
 * ```text
 * time  0    5    10   15
 *       [ w0 )[ w1 )[ w2 )      of(5)
 * ```
 */
export const TumblingEventTimeWindows = {
  /**
   * Windows of `sizeMs`, aligned to the epoch plus `offsetMs`.
   * @throws RangeError if `sizeMs` is not positive or `offsetMs` is negative.
   */
  of<T>(sizeMs: number, offsetMs = 0): WindowAssigner<T> {
    return tumbling<T>('TumblingEventTimeWindows', true, sizeMs, offsetMs);
  },
};

/** Fixed-size, non-overlapping windows of processing time (the materializer's clock). */
export const TumblingProcessingTimeWindows = {
  /**
   * Windows of `sizeMs` of processing time, aligned to the clock's origin plus `offsetMs`.
   * @throws RangeError if `sizeMs` is not positive or `offsetMs` is negative.
   */
  of<T>(sizeMs: number, offsetMs = 0): WindowAssigner<T> {
    return tumbling<T>('TumblingProcessingTimeWindows', false, sizeMs, offsetMs);
  },
};
