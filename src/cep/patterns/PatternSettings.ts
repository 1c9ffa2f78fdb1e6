import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import type { CompiledPattern } from './compilePattern.js';
import type { PatternMetrics } from './PatternMetrics.js';

/** @internal The checked settings of one pattern operator, shared by its materializations. */
export interface PatternSettings<T> {
  readonly pattern: CompiledPattern;
  readonly timestamp: ((element: T) => number) | undefined;
  readonly watermark: WatermarkStrategy<T> | undefined;
  readonly keyBy: ((element: T) => unknown) | undefined;
  readonly routeLate: boolean;
  readonly routeTimedOut: boolean;
  readonly maxPartialMatches: number;
  readonly onOverflow: 'fail' | 'dropOldest' | 'timeOut';
  readonly maxBufferedEvents: number;
  readonly metrics: PatternMetrics;
}
