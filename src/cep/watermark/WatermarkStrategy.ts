import { requireFunction, requireNonNegativeDuration } from '../../core/index.js';
import { BoundedOutOfOrdernessWatermarks } from './BoundedOutOfOrdernessWatermarks.js';
import { IdlenessWatermarks } from './IdlenessWatermarks.js';
import type { WatermarkGenerator, WatermarkGeneratorContext } from './WatermarkGenerator.js';

/** Makes a fresh generator for one materialization. */
export type WatermarkGeneratorFactory<T> = (
  context: WatermarkGeneratorContext,
) => WatermarkGenerator<T>;

/** Flink's default periodic watermark interval (`autoWatermarkInterval`). */
const defaultIntervalMs = 200;

/**
 * How an event-time operator derives watermarks from its elements, as Flink's
 * `WatermarkStrategy`: a generator factory, how often its periodic side runs on the
 * materializer's clock, and an optional idleness timeout. Immutable: `with*` returns a new one.
 *
 * @example
 * ```ts
 * import { WatermarkStrategy } from 'sluice/cep';
 *
 * const strategy = WatermarkStrategy.forBoundedOutOfOrderness<{ ts: number }>(5_000)
 *   .withIdleness(60_000)
 *   .withIntervalMs(0); // a watermark after every element
 * ```
 */
export class WatermarkStrategy<T> {
  private constructor(
    private readonly factory: WatermarkGeneratorFactory<T>,
    /** How often `onPeriodicEmit` runs, in ms of processing time; 0: after every element. */
    readonly intervalMs: number,
    /** Processing time without elements after which the input is marked idle. */
    readonly idleTimeoutMs: number | undefined,
    /**
     * @internal The bound of the built-in bounded-out-of-orderness generator, so that a step can
     * track its watermark inline; undefined for a custom generator.
     */
    readonly outOfOrdernessMs: number | undefined,
  ) {}

  /**
   * Watermarks trail the highest timestamp seen by `maxOutOfOrdernessMs` (and 1 ms): an element
   * at most that far behind the newest is on time.
   * @throws RangeError if `maxOutOfOrdernessMs` is not a non-negative number.
   */
  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    requireNonNegativeDuration(
      'WatermarkStrategy.forBoundedOutOfOrderness',
      'maxOutOfOrdernessMs',
      maxOutOfOrdernessMs,
    );
    return new WatermarkStrategy<T>(
      () => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMs),
      defaultIntervalMs,
      undefined,
      maxOutOfOrdernessMs,
    );
  }

  /** Timestamps only ever increase: the watermark follows the newest timestamp (minus 1 ms). */
  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      () => new BoundedOutOfOrdernessWatermarks<T>(0),
      defaultIntervalMs,
      undefined,
      0,
    );
  }

  /**
   * A custom generator, periodic (`onPeriodicEmit`) or punctuated (`onEvent`), made afresh for
   * every materialization.
   * @throws TypeError if `factory` is not a function.
   */
  static forGenerator<T>(factory: WatermarkGeneratorFactory<T>): WatermarkStrategy<T> {
    requireFunction('WatermarkStrategy.forGenerator', 'factory', factory);
    return new WatermarkStrategy<T>(factory, defaultIntervalMs, undefined, undefined);
  }

  /**
   * Marks the input idle after `idleTimeoutMs` of processing time without elements, so that it
   * does not hold back the watermark of a merge it feeds.
   * @throws RangeError if `idleTimeoutMs` is not a positive number.
   */
  withIdleness(idleTimeoutMs: number): WatermarkStrategy<T> {
    requireNonNegativeDuration('WatermarkStrategy.withIdleness', 'idleTimeoutMs', idleTimeoutMs);
    if (idleTimeoutMs === 0) {
      throw new RangeError('WatermarkStrategy.withIdleness: idleTimeoutMs must be positive, got 0');
    }
    return new WatermarkStrategy<T>(
      this.factory,
      this.intervalMs,
      idleTimeoutMs,
      this.outOfOrdernessMs,
    );
  }

  /**
   * Runs the periodic side every `intervalMs` of processing time (200 by default, as Flink); 0
   * runs it after every element instead, which makes watermarks independent of the clock.
   * @throws RangeError if `intervalMs` is not a non-negative number.
   */
  withIntervalMs(intervalMs: number): WatermarkStrategy<T> {
    requireNonNegativeDuration('WatermarkStrategy.withIntervalMs', 'intervalMs', intervalMs);
    return new WatermarkStrategy<T>(
      this.factory,
      intervalMs,
      this.idleTimeoutMs,
      this.outOfOrdernessMs,
    );
  }

  /** Makes the generator for one materialization, wrapped for idleness if asked. */
  createGenerator(context: WatermarkGeneratorContext): WatermarkGenerator<T> {
    const generator = this.factory(context);
    return this.idleTimeoutMs === undefined
      ? generator
      : new IdlenessWatermarks(generator, this.idleTimeoutMs, context);
  }
}
