import {
  Flow,
  type Graph,
  type GraphStage,
  type NotUsed,
  requireFunction,
  requirePositiveInt,
  Source,
  type SourceShape,
  type UniformFanInShape,
} from '../../core/index.js';
import '../../stages/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';
import { AssignWatermarks } from './AssignWatermarks.js';
import { MergeWatermarks } from './MergeWatermarks.js';
import { type PerSplitWatermarkOptions, perSplitStrategy } from './PerSplitWatermarks.js';

/**
 * Event-time streams: streams of elements and {@link Watermark}s, for watermarks that must cross
 * a stage boundary (several sources merged, a partitioned source). Window and pattern operators
 * read them with `watermark: 'fromStream'`. When one stream feeds one operator, give the operator
 * its `watermark` strategy instead: ordinary operators in between then never see a watermark.
 */
export const EventTime = {
  /**
   * Passes elements through and adds a {@link Watermark} after an element (or a periodic tick on
   * the materializer's clock) whenever the strategy's watermark advanced, or the input went idle.
   * - Emits when: an element arrives; a watermark when it advanced.
   * - Backpressures when: downstream backpressures.
   * - Completes when: upstream completes.
   * - Cancels when: downstream cancels.
   * @throws TypeError if `timestamp` is not a function.
   * @example
   * ```ts
   * import { Source } from 'sluice';
   * import { EventTime, WatermarkStrategy } from 'sluice/cep';
   *
   * declare const clicks: Source<{ at: number }, unknown>;
   * const withWatermarks = clicks.via(
   *   EventTime.assignTimestampsAndWatermarks(
   *     (c: { at: number }) => c.at,
   *     WatermarkStrategy.forBoundedOutOfOrderness<{ at: number }>(1_000),
   *   ),
   * );
   * ```
   */
  assignTimestampsAndWatermarks<T>(
    timestamp: (element: T) => number,
    strategy: WatermarkStrategy<T>,
  ): Flow<T, T | Watermark, NotUsed> {
    requireFunction('EventTime.assignTimestampsAndWatermarks', 'timestamp', timestamp);
    return Flow.fromGraph(new AssignWatermarks<T>(timestamp, strategy));
  },

  /**
   * Per-split watermarks, as Flink's Kafka source makes per partition: each split (a Kafka
   * partition) runs its own generator of `watermark`, and the watermark sent on is the minimum
   * over the splits that are not idle. Elements pass through; a {@link Watermark} follows an
   * element (or a periodic tick) whenever that minimum advanced, or every split went idle.
   * A split counts from its first element (or from the start, if listed in `splits`); a split
   * that stops getting elements (a revoked partition) holds the watermark back until the
   * strategy's `withIdleness` marks it idle.
   * - Emits when: an element arrives; a watermark when the minimum advanced.
   * - Backpressures when: downstream backpressures.
   * - Completes when: upstream completes.
   * - Cancels when: downstream cancels.
   * @throws TypeError if `timestamp` or `split` is not a function; RangeError if `maxSplits` is
   * not a positive integer or `splits` lists more than it.
   * @example
   * ```ts
   * import { Source } from 'sluice';
   * import { EventTime, WatermarkStrategy } from 'sluice/cep';
   *
   * interface Rec { readonly partition: number; readonly timestamp: number }
   * declare const records: Source<Rec, unknown>;
   * const withWatermarks = records.via(
   *   EventTime.assignPerSplit({
   *     split: (r: Rec) => r.partition,
   *     timestamp: (r: Rec) => r.timestamp,
   *     watermark: WatermarkStrategy.forBoundedOutOfOrderness<Rec>(1_000).withIdleness(30_000),
   *   }),
   * );
   * ```
   */
  assignPerSplit<T, S>(
    options: PerSplitWatermarkOptions<T, S> & { readonly timestamp: (element: T) => number },
  ): Flow<T, T | Watermark, NotUsed> {
    const label = 'EventTime.assignPerSplit';
    requireFunction(label, 'timestamp', options.timestamp);
    return Flow.fromGraph(
      new AssignWatermarks<T>(options.timestamp, perSplitStrategy(label, options)),
    );
  },

  /**
   * The strategy behind {@link EventTime.assignPerSplit}, for a window's own `watermark` option:
   * per-split watermarks inside the operator, with no watermark in the stream.
   * @throws TypeError if `split` is not a function; RangeError if `maxSplits` is not a positive
   * integer or `splits` lists more than it.
   */
  perSplit<T, S>(options: PerSplitWatermarkOptions<T, S>): WatermarkStrategy<T> {
    return perSplitStrategy('EventTime.perSplit', options);
  },

  /**
   * Merges event-time streams: elements first come first served, and one watermark, the minimum
   * over the inputs that are not idle (as Flink's two-input operators and Kafka source do).
   * - Emits when: an input has an element; a watermark when the minimum advanced.
   * - Backpressures when: downstream backpressures (each input holds at most one element).
   * - Completes when: every input completed.
   * - Cancels when: downstream cancels.
   * @throws RangeError if `sources` is empty.
   */
  merge<T>(
    sources: readonly Graph<SourceShape<T | Watermark>, unknown>[],
  ): Source<T | Watermark, NotUsed> {
    if (sources.length === 0) {
      throw new RangeError('EventTime.merge: sources must not be empty, got 0 sources');
    }
    return Source.combine(sources, (n) => new MergeWatermarks<T>(n));
  },

  /**
   * The junction behind {@link EventTime.merge}, for `GraphDSL`.
   * @throws RangeError if `n` is not a positive integer.
   */
  mergeStage<T>(n: number): GraphStage<UniformFanInShape<T | Watermark, T | Watermark>> {
    requirePositiveInt('EventTime.mergeStage', 'n', n);
    return new MergeWatermarks<T>(n);
  },
};
