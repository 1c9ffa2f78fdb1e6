import { requirePositiveInt } from '../../core/index.js';
import { CountEvictor } from './evictor/evictors.js';
import { GlobalWindowAssigner } from './GlobalWindows.js';
import { CountTrigger } from './trigger/CountTrigger.js';
import { PurgingTrigger } from './trigger/PurgingTrigger.js';
import type { WindowAssigner } from './WindowAssigner.js';

/**
 * Windows of a number of elements per key, as Flink's `countWindow`: global windows with a count
 * trigger (and, sliding, a count evictor). Results report the global window.
 *
 * ```text
 * of(3)       a b c | d e f | g          fires (a b c), (d e f); (g) at completion
 * of(3, 2)    a b | c d | e f            fires (a b), (b c d), (d e f): the last 3, every 2
 * ```
 */
export const CountWindows = {
  /**
   * Tumbling: a result every `size` elements of a key, over those elements (Flink's
   * `countWindow(size)`); sliding with `slide`: a result every `slide` elements over the last
   * `size` (Flink's `countWindow(size, slide)`; the window keeps at most `size + slide - 1`
   * elements).
   * @throws RangeError if `size` or `slide` is not a positive integer.
   */
  of<T>(size: number, slide?: number): WindowAssigner<T> {
    requirePositiveInt('CountWindows.of', 'size', size);
    if (slide === undefined) {
      return new GlobalWindowAssigner<T>(
        `CountWindows(${size})`,
        PurgingTrigger.of(CountTrigger.of(size)),
        undefined,
      );
    }
    requirePositiveInt('CountWindows.of', 'slide', slide);
    return new GlobalWindowAssigner<T>(
      `CountWindows(${size}, ${slide})`,
      CountTrigger.of(slide),
      CountEvictor.of<T>(size),
    );
  },
};
