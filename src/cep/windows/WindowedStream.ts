import type { Flow, NotUsed } from '../../core/index.js';
import { requireFunction, requireNonNegativeDuration } from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import type { AggregateFunction } from './AggregateFunction.js';
import type { Evictor } from './evictor/Evictor.js';
import type { SlidingWindows } from './SlidingWindows.js';
import type { TimeWindow, WindowResult } from './TimeWindow.js';
import type { Trigger } from './trigger/Trigger.js';
import type { WindowAssigner } from './WindowAssigner.js';
import type { WindowOptions } from './WindowOptions.js';

/** The options of a fluent window: those of `Window.*` but the key, which `keyBy` set. */
export type WindowedOptions<T> = Omit<WindowOptions<T, never>, 'keyBy'>;

/** What `process` hands its function with the elements of a window. */
export interface ProcessWindowContext<K> {
  readonly key: K;
  readonly window: TimeWindow;
}

/** @internal The functional operators the builder ends in (`Window.aggregate`, ...). */
export interface WindowOperators {
  aggregate<T, Acc, R, K>(
    assigner: WindowAssigner<T> | SlidingWindows,
    fn: AggregateFunction<T, Acc, R>,
    options: WindowOptions<T, K>,
  ): Flow<T, WindowResult<K, R>, NotUsed>;
  reduce<T, K>(
    assigner: WindowAssigner<T>,
    f: (a: T, b: T) => T,
    options: WindowOptions<T, K>,
  ): Flow<T, WindowResult<K, T>, NotUsed>;
  process<T, R, K>(
    assigner: WindowAssigner<T>,
    f: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
    options: WindowOptions<T, K>,
  ): Flow<T, WindowResult<K, R>, NotUsed>;
}

/**
 * A keyed (or non-keyed) stream with its window assigner, as Flink's `WindowedStream`: set a
 * trigger, an evictor or allowed lateness, then end in `aggregate`, `reduce` or `process`, which
 * return the same `Flow` as `Window.aggregate`, `Window.reduce` and `Window.process` with `keyBy`.
 * Each call returns a new builder; a builder can be reused.
 */
export class WindowedStream<T, K> {
  /** @internal Built by {@link KeyedWindows.window}. */
  constructor(
    private readonly operators: WindowOperators,
    private readonly assigner: WindowAssigner<T> | SlidingWindows,
    private readonly base: WindowOptions<T, K>,
  ) {}

  /** When windows fire and purge (Flink's `trigger`); see the `trigger` option. */
  trigger(trigger: Trigger<T, unknown>): WindowedStream<T, K> {
    requireFunction('WindowedStream.trigger', 'trigger.onElement', trigger.onElement);
    return new WindowedStream(this.operators, this.assigner, { ...this.base, trigger });
  }

  /** Removes elements before or after each firing (Flink's `evictor`); see the `evictor` option. */
  evictor(evictor: Evictor<T>): WindowedStream<T, K> {
    requireFunction('WindowedStream.evictor', 'evictor.evictBefore', evictor.evictBefore);
    return new WindowedStream(this.operators, this.assigner, { ...this.base, evictor });
  }

  /**
   * How long a fired window keeps its state for late elements (Flink's `allowedLateness`).
   * @throws RangeError if `ms` is negative.
   */
  allowedLateness(ms: number): WindowedStream<T, K> {
    requireNonNegativeDuration('WindowedStream.allowedLateness', 'ms', ms);
    return new WindowedStream(this.operators, this.assigner, {
      ...this.base,
      allowedLatenessMs: ms,
    });
  }

  /**
   * Aggregates each window incrementally; the contract is `Window.aggregate`'s.
   * @throws TypeError or RangeError as `Window.aggregate`.
   */
  aggregate<Acc, R>(
    fn: AggregateFunction<T, Acc, R>,
    options: WindowedOptions<T> & { readonly watermark: 'fromStream' },
  ): Flow<T | Watermark, WindowResult<K, R>, NotUsed>;
  aggregate<Acc, R>(
    fn: AggregateFunction<T, Acc, R>,
    options?: WindowedOptions<T>,
  ): Flow<T, WindowResult<K, R>, NotUsed>;
  aggregate<Acc, R>(
    fn: AggregateFunction<T, Acc, R>,
    options: WindowedOptions<T> = {},
  ): Flow<T, WindowResult<K, R>, NotUsed> {
    return this.operators.aggregate(this.assigner, fn, { ...options, ...this.base });
  }

  /**
   * Combines each window's elements with `f`; the contract is `Window.reduce`'s.
   * @throws TypeError or RangeError as `Window.reduce`.
   */
  reduce(
    f: (a: T, b: T) => T,
    options: WindowedOptions<T> & { readonly watermark: 'fromStream' },
  ): Flow<T | Watermark, WindowResult<K, T>, NotUsed>;
  reduce(f: (a: T, b: T) => T, options?: WindowedOptions<T>): Flow<T, WindowResult<K, T>, NotUsed>;
  reduce(
    f: (a: T, b: T) => T,
    options: WindowedOptions<T> = {},
  ): Flow<T, WindowResult<K, T>, NotUsed> {
    return this.operators.reduce(this.windowAssigner('reduce'), f, { ...options, ...this.base });
  }

  /**
   * Calls `f` with each window's elements; the contract is `Window.process`'s.
   * @throws TypeError or RangeError as `Window.process`.
   */
  process<R>(
    f: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
    options: WindowedOptions<T> & { readonly watermark: 'fromStream' },
  ): Flow<T | Watermark, WindowResult<K, R>, NotUsed>;
  process<R>(
    f: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
    options?: WindowedOptions<T>,
  ): Flow<T, WindowResult<K, R>, NotUsed>;
  process<R>(
    f: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
    options: WindowedOptions<T> = {},
  ): Flow<T, WindowResult<K, R>, NotUsed> {
    return this.operators.process(this.windowAssigner('process'), f, { ...options, ...this.base });
  }

  private windowAssigner(method: string): WindowAssigner<T> {
    if ('assignWindows' in this.assigner) return this.assigner;
    throw new TypeError(`WindowedStream.${method}: SlidingWindows aggregate only; use aggregate`);
  }
}

/** A stream keyed by a function, waiting for its window assigner (Flink's `KeyedStream`). */
export class KeyedWindows<T, K> {
  /** @internal Built by `Window.keyBy`. */
  constructor(
    private readonly operators: WindowOperators,
    private readonly keyBy: ((element: T) => K) | undefined,
  ) {}

  /** The windows the elements go into: an assigner, or Kafka Streams' `SlidingWindows`. */
  window(assigner: WindowAssigner<T> | SlidingWindows): WindowedStream<T, K> {
    const base: WindowOptions<T, K> = this.keyBy === undefined ? {} : { keyBy: this.keyBy };
    return new WindowedStream<T, K>(this.operators, assigner, base);
  }
}
