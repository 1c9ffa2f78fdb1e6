import { requireFunction, requirePositiveInt } from '../../core/index.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import { PatternMetrics } from './PatternMetrics.js';
import type { CommonPatternOptions } from './PatternOptions.js';

/** @internal The checked options of one pattern operator, shared by its materializations. */
export interface PatternSettings<T> {
  readonly timestamp: ((element: T) => number) | undefined;
  readonly watermark: WatermarkStrategy<T> | undefined;
  readonly keyBy: ((element: T) => unknown) | undefined;
  /** The skip strategy patterns are compiled with (rules added at run time too). */
  readonly afterMatchSkip: AfterMatchSkipStrategy;
  readonly routeLate: boolean;
  readonly routeTimedOut: boolean;
  readonly maxPartialMatches: number;
  readonly onOverflow: 'fail' | 'dropOldest' | 'timeOut';
  readonly maxBufferedEvents: number;
  readonly metrics: PatternMetrics;
}

/**
 * @internal Checks the options of a pattern operator.
 * @throws TypeError if `timestamp` or `keyBy` is not a function, or `watermark` is given without
 *   `timestamp`.
 * @throws RangeError if `maxPartialMatches` or `maxBufferedEvents` is not a positive integer.
 */
export function checkPatternOptions<T, K>(
  operator: string,
  options: CommonPatternOptions<T, K> & { readonly timedOut?: unknown },
): PatternSettings<T> {
  if (options.timestamp !== undefined) requireFunction(operator, 'timestamp', options.timestamp);
  if (options.keyBy !== undefined) requireFunction(operator, 'keyBy', options.keyBy);
  const watermark = options.watermark;
  if (watermark !== undefined && options.timestamp === undefined) {
    throw new TypeError(`${operator}: watermark needs timestamp, the event time of an element`);
  }
  const maxPartialMatches = options.maxPartialMatches ?? 10_000;
  requirePositiveInt(operator, 'maxPartialMatches', maxPartialMatches);
  const maxBufferedEvents = options.maxBufferedEvents ?? 1_000_000;
  requirePositiveInt(operator, 'maxBufferedEvents', maxBufferedEvents);
  return {
    timestamp: options.timestamp,
    watermark: watermark === 'fromStream' ? undefined : watermark,
    keyBy: options.keyBy,
    afterMatchSkip: options.afterMatchSkip ?? AfterMatchSkipStrategy.noSkip(),
    routeLate: options.lateData !== undefined,
    routeTimedOut: options.timedOut !== undefined,
    maxPartialMatches,
    onOverflow: options.onOverflow ?? 'fail',
    maxBufferedEvents,
    metrics: options.metrics ?? new PatternMetrics(),
  };
}
