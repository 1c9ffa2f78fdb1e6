import { requireFunction, requirePositiveInt } from '../../../core/index.js';
import { requirePositiveDuration } from '../validation.js';
import type { Evictor, TimestampedValue } from './Evictor.js';

/** The common shape: one eviction, run before or after the function. */
abstract class OneSidedEvictor<T> implements Evictor<T> {
  abstract readonly name: string;
  constructor(private readonly isAfter: boolean) {}
  evictBefore(elements: TimestampedValue<T>[]): void {
    if (!this.isAfter) this.evict(elements);
  }
  evictAfter(elements: TimestampedValue<T>[]): void {
    if (this.isAfter) this.evict(elements);
  }
  protected abstract evict(elements: TimestampedValue<T>[]): void;
}

/** Keeps the elements `keep` accepts, in order, in place. */
function retain<T>(
  elements: TimestampedValue<T>[],
  keep: (e: TimestampedValue<T>) => boolean,
): void {
  let n = 0;
  for (const e of elements) if (keep(e)) elements[n++] = e;
  elements.length = n;
}

class Count<T> extends OneSidedEvictor<T> {
  readonly name: string;
  constructor(
    private readonly maxCount: number,
    isAfter: boolean,
  ) {
    super(isAfter);
    this.name = `CountEvictor(${maxCount})`;
  }
  protected evict(elements: TimestampedValue<T>[]): void {
    if (elements.length > this.maxCount) elements.splice(0, elements.length - this.maxCount);
  }
}

class Time<T> extends OneSidedEvictor<T> {
  readonly name: string;
  constructor(
    private readonly windowSizeMs: number,
    isAfter: boolean,
  ) {
    super(isAfter);
    this.name = `TimeEvictor(${windowSizeMs})`;
  }
  protected evict(elements: TimestampedValue<T>[]): void {
    let latest = Number.MIN_SAFE_INTEGER;
    for (const e of elements) if (e.timestamp > latest) latest = e.timestamp;
    const cutoff = latest - this.windowSizeMs;
    retain(elements, (e) => e.timestamp > cutoff);
  }
}

class Delta<T> extends OneSidedEvictor<T> {
  readonly name: string;
  constructor(
    private readonly threshold: number,
    private readonly delta: (a: T, b: T) => number,
    isAfter: boolean,
  ) {
    super(isAfter);
    this.name = `DeltaEvictor(${threshold})`;
  }
  protected evict(elements: TimestampedValue<T>[]): void {
    const last = elements.at(-1);
    if (last === undefined) return;
    const delta = this.delta;
    const threshold = this.threshold;
    retain(elements, (e) => delta(e.value, last.value) < threshold);
  }
}

/**
 * Keeps the last `maxCount` elements of a window, as Flink's `CountEvictor`: with
 * `CountTrigger.of(slide)` it makes count-sliding windows.
 *
 * ```text
 * of(3)   a b c d e   →   c d e
 * ```
 */
export const CountEvictor = {
  /**
   * @param evictAfter - evict after the function runs instead of before.
   * @throws RangeError if `maxCount` is not a positive integer.
   */
  of<T>(maxCount: number, evictAfter = false): Evictor<T> {
    requirePositiveInt('CountEvictor.of', 'maxCount', maxCount);
    return new Count<T>(maxCount, evictAfter);
  },
};

/**
 * Keeps the elements of the last `windowSizeMs` before the window's latest element, as Flink's
 * `TimeEvictor`: those with a timestamp above `latest - windowSizeMs`.
 *
 * ```text
 * of(10)  at 1 5 12 20   →   12 20   (latest 20: keeps > 10)
 * ```
 */
export const TimeEvictor = {
  /**
   * @param evictAfter - evict after the function runs instead of before.
   * @throws RangeError if `windowSizeMs` is not positive.
   */
  of<T>(windowSizeMs: number, evictAfter = false): Evictor<T> {
    requirePositiveDuration('TimeEvictor.of', 'windowSizeMs', windowSizeMs);
    return new Time<T>(windowSizeMs, evictAfter);
  },
};

/**
 * Keeps the elements whose `delta` to the window's last element is below `threshold`, as Flink's
 * `DeltaEvictor`.
 *
 * ```text
 * of(5, (a, b) => Math.abs(a - b))   3 9 10 12   →   9 10 12   (|3 - 12| ≥ 5)
 * ```
 */
export const DeltaEvictor = {
  /**
   * @param evictAfter - evict after the function runs instead of before.
   * @throws TypeError if `delta` is not a function; RangeError if `threshold` is not a number.
   */
  of<T>(threshold: number, delta: (a: T, b: T) => number, evictAfter = false): Evictor<T> {
    if (typeof threshold !== 'number' || Number.isNaN(threshold)) {
      throw new RangeError(`DeltaEvictor.of: threshold must be a number, got ${String(threshold)}`);
    }
    requireFunction('DeltaEvictor.of', 'delta', delta);
    return new Delta<T>(threshold, delta, evictAfter);
  },
};
