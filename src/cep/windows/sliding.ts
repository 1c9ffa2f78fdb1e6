import { requireNonNegativeDuration } from '../../core/index.js';
import { windowStart } from './tumbling.js';
import type { WindowAssigner } from './WindowAssigner.js';
import { requirePositiveDuration } from './validation.js';

class SlidingWindows<T> implements WindowAssigner<T> {
  readonly isMerging = false;
  readonly maxWindowsPerElement: number;
  constructor(
    readonly name: string,
    readonly isEventTime: boolean,
    private readonly size: number,
    private readonly slide: number,
    private readonly offset: number,
  ) {
    this.maxWindowsPerElement = Math.ceil(size / slide);
  }
  assignWindows(_element: T, timestamp: number, out: number[]): number {
    const size = this.size;
    let n = 0;
    for (
      let start = windowStart(timestamp, this.offset, this.slide);
      start > timestamp - size;
      start -= this.slide
    ) {
      out[2 * n] = start;
      out[2 * n + 1] = start + size;
      n++;
    }
    return n;
  }
}

function sliding<T>(
  kind: string,
  isEventTime: boolean,
  sizeMs: number,
  slideMs: number,
  offsetMs: number,
): WindowAssigner<T> {
  requirePositiveDuration(`${kind}.of`, 'sizeMs', sizeMs);
  requirePositiveDuration(`${kind}.of`, 'slideMs', slideMs);
  requireNonNegativeDuration(`${kind}.of`, 'offsetMs', offsetMs);
  return new SlidingWindows<T>(
    `${kind}(${String(sizeMs)}, ${String(slideMs)})`,
    isEventTime,
    sizeMs,
    slideMs,
    offsetMs % slideMs,
  );
}

/**
 * Overlapping windows of event time ("hopping" in Kafka Streams): a window of `size` starts every
 * `slide`, so an element falls into `ceil(size / slide)` windows.
 *
 * ```text
 * time  0    5    10   15
 *       [   w0    )             of(10, 5)
 *            [   w1    )
 *                 [   w2    )
 * ```
 */
export const SlidingEventTimeWindows = {
  /**
   * Windows of `sizeMs` starting every `slideMs`, aligned to the epoch plus `offsetMs`.
   * @throws RangeError if `sizeMs` or `slideMs` is not positive, or `offsetMs` is negative.
   */
  of<T>(sizeMs: number, slideMs: number, offsetMs = 0): WindowAssigner<T> {
    return sliding<T>('SlidingEventTimeWindows', true, sizeMs, slideMs, offsetMs);
  },
};

/** Overlapping windows of processing time (the materializer's clock). */
export const SlidingProcessingTimeWindows = {
  /**
   * Windows of `sizeMs` of processing time starting every `slideMs`.
   * @throws RangeError if `sizeMs` or `slideMs` is not positive, or `offsetMs` is negative.
   */
  of<T>(sizeMs: number, slideMs: number, offsetMs = 0): WindowAssigner<T> {
    return sliding<T>('SlidingProcessingTimeWindows', false, sizeMs, slideMs, offsetMs);
  },
};
