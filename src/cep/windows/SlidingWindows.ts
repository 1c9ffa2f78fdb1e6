import { requireNonNegativeDuration } from '../../core/index.js';
import { requirePositiveDuration } from './validation.js';

/**
 * Kafka Streams' record-driven sliding windows: a window of `timeDifferenceMs` ending at each
 * record (`[t - d, t]`) and one starting just after it (`[t + 1, t + 1 + d]`) when that holds
 * records, so every distinct set of records no more than `d` apart gets exactly one window. Bounds
 * are inclusive as in Kafka Streams; results report `{ start, end }` with `end` exclusive
 * (Kafka Streams' end + 1), as every sluice window. Use with `Window.aggregate`.
 *
 * ```text
 * d = 5000, records at 8000, 9200, 12400:
 *   [3000;8000] [4200;9200] [7400;12400] [8001;13001] [9201;14201]
 * ```
 */
export class SlidingWindows {
  private constructor(
    /** The largest difference between two records of one window. */
    readonly timeDifferenceMs: number,
    /** How long after its end a window still takes out-of-order records. */
    readonly graceMs: number,
  ) {}

  /**
   * Windows of `timeDifferenceMs` that close as soon as stream time passes their end.
   * @throws RangeError if `timeDifferenceMs` is not positive.
   */
  static ofTimeDifferenceWithNoGrace(timeDifferenceMs: number): SlidingWindows {
    requirePositiveDuration(
      'SlidingWindows.ofTimeDifferenceWithNoGrace',
      'timeDifferenceMs',
      timeDifferenceMs,
    );
    return new SlidingWindows(timeDifferenceMs, 0);
  }

  /**
   * Windows of `timeDifferenceMs` that take out-of-order records for `graceMs` after their end.
   * @throws RangeError if `timeDifferenceMs` is not positive or `graceMs` is negative.
   */
  static ofTimeDifferenceAndGrace(timeDifferenceMs: number, graceMs: number): SlidingWindows {
    const name = 'SlidingWindows.ofTimeDifferenceAndGrace';
    requirePositiveDuration(name, 'timeDifferenceMs', timeDifferenceMs);
    requireNonNegativeDuration(name, 'graceMs', graceMs);
    return new SlidingWindows(timeDifferenceMs, graceMs);
  }
}
