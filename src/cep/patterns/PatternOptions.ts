import type { Graph, SinkShape } from '../../core/index.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import type { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import type { PatternMetrics } from './PatternMetrics.js';
import type { TimedOutMatch } from './TimedOutMatch.js';
import type { TimedOutRuleMatch } from './TimedOutRuleMatch.js';

/**
 * The options `CEP.pattern` and `CEP.dynamic` share. `timestamp` and `watermark` are the window
 * operators' event-time model: without `timestamp`, events are matched in arrival order and
 * `within` runs on the materializer's clock; with it, events wait in a buffer sorted by event
 * time until the watermark passes them.
 */
export interface CommonPatternOptions<T, K> {
  /** The event time of an element, in milliseconds. */
  readonly timestamp?: (element: T) => number;
  /**
   * How watermarks are generated from the elements, inside the operator; `'fromStream'`: the
   * input carries {@link Watermark}s. Without either (but with `timestamp`), events are matched
   * when the input completes.
   */
  readonly watermark?: WatermarkStrategy<T> | 'fromStream';
  /** The key of an element: one NFA per key. Without it the stream is one sequence. */
  readonly keyBy?: (element: T) => K;
  /** What happens to other partial matches after a match; `noSkip()` by default. */
  readonly afterMatchSkip?: AfterMatchSkipStrategy;
  /** Where events behind the watermark go; otherwise they are counted in `lateEvents`. */
  readonly lateData?: Graph<SinkShape<T>, unknown>;
  /** The most partial matches one key may hold; 10,000 by default. */
  readonly maxPartialMatches?: number;
  /**
   * When a key passes `maxPartialMatches`: `'fail'` (default) fails the stream with a
   * {@link TooManyPartialMatchesError} naming the key; `'dropOldest'` drops the oldest partial
   * matches; `'timeOut'` sends them to `timedOut`.
   */
  readonly onOverflow?: 'fail' | 'dropOldest' | 'timeOut';
  /** The most events waiting for the watermark, over all keys; 1,000,000 by default. */
  readonly maxBufferedEvents?: number;
  /** Counters to read while the stream runs. */
  readonly metrics?: PatternMetrics;
}

/** The options of `CEP.pattern`: see {@link CommonPatternOptions}. */
export interface PatternOptions<T, K, M> extends CommonPatternOptions<T, K> {
  /** Where partial matches that ran past `within` go, with what they had matched. */
  readonly timedOut?: Graph<SinkShape<TimedOutMatch<M, K>>, unknown>;
}

/** The options of `CEP.dynamic`: see {@link CommonPatternOptions}. */
export interface DynamicPatternOptions<T, K> extends CommonPatternOptions<T, K> {
  /**
   * Where partial matches that ran past `within`, or were timed out by a rule change, go, with
   * their rule and what they had matched.
   */
  readonly timedOut?: Graph<SinkShape<TimedOutRuleMatch<T, K>>, unknown>;
}

/** The options of a stream whose watermarks come with its elements. */
export interface FromStreamTime<T> {
  readonly timestamp: (element: T) => number;
  readonly watermark: 'fromStream';
}

/** The options of a pattern over an event-time stream: its watermarks come with its elements. */
export type EventTimePatternOptions<T, K, M> = PatternOptions<T, K, M> & FromStreamTime<T>;

/** The options of a dynamic rule set over an event-time stream. */
export type EventTimeDynamicPatternOptions<T, K> = DynamicPatternOptions<T, K> & FromStreamTime<T>;
