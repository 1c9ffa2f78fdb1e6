import {
  Flow,
  type NotUsed,
  requireFunction,
  requireNonNegativeDuration,
  requirePositiveInt,
} from '../../core/index.js';
import '../../stages/index.js';
import type { AggregateFunction, WindowFunction } from './AggregateFunction.js';
import { LateElement } from './LateElement.js';
import type { TimeWindow, WindowResult } from './TimeWindow.js';
import type { WindowAssigner } from './WindowAssigner.js';
import { WindowMetrics } from './WindowMetrics.js';
import type { WindowOptions } from './WindowOptions.js';
import type { WindowSettings } from './WindowSettings.js';
import { WindowStage } from './WindowStage.js';
import type { WindowOutput } from './WindowStep.js';

/** What `Window.process` hands its function with the elements of a window. */
export interface ProcessWindowContext<K> {
  readonly key: K;
  readonly window: TimeWindow;
}

/**
 * Window operators over event or processing time, as Flink's `WindowedStream`: each is a fused
 * `Flow` from elements (and upstream {@link Watermark}s) to `{ key, window, value }`, with windows
 * `[start, end)`. Keyed with `keyBy`, non-keyed without (the key is then `undefined`).
 *
 * - Emits when: a window fires (the watermark, or the clock for processing time, passes its end,
 *   plus `graceMs`); again for each late element within `allowedLatenessMs`; after every element
 *   with `emit: 'onEveryUpdate'`; every open window at upstream completion.
 * - Backpressures when: downstream backpressures while fired results are being emitted.
 * - Completes when: upstream completes and every open window was emitted.
 * - Cancels when: downstream cancels.
 */
export const Window = {
  /**
   * Aggregates each window incrementally: one accumulator per key and window.
   * @throws TypeError if an event-time assigner has no `timestamp`, a session assigner's function
   *   has no `merge`, or a function is not a function; RangeError for a bad bound or duration.
   * @example
   * ```ts
   * import { Sink, Source } from 'sluice';
   * import { TumblingEventTimeWindows, WatermarkStrategy, Window } from 'sluice/cep';
   *
   * interface Payment { card: string; amount: number; ts: number }
   * declare const payments: Source<Payment, unknown>;
   *
   * const perMinute = payments.via(
   *   Window.aggregate(
   *     TumblingEventTimeWindows.of(60_000),
   *     {
   *       createAccumulator: () => 0,
   *       add: (p: Payment, acc: number) => acc + p.amount,
   *       getResult: (acc: number) => acc,
   *       merge: (a: number, b: number) => a + b,
   *     },
   *     {
   *       timestamp: (p: Payment) => p.ts,
   *       watermark: WatermarkStrategy.forBoundedOutOfOrderness<Payment>(5_000),
   *       keyBy: (p: Payment) => p.card,
   *       lateData: Sink.ignore(),
   *     },
   *   ),
   * );
   * ```
   */
  aggregate<T, Acc, R, K = undefined>(
    assigner: WindowAssigner<T>,
    aggregate: AggregateFunction<T, Acc, R>,
    options: WindowOptions<T, K> = {},
  ): Flow<T, WindowResult<K, R>, NotUsed> {
    const name = 'Window.aggregate';
    requireFunction(name, 'createAccumulator', aggregate.createAccumulator);
    requireFunction(name, 'add', aggregate.add);
    requireFunction(name, 'getResult', aggregate.getResult);
    const getResult = aggregate.getResult.bind(aggregate);
    return build<T, K, Acc, R>(name, assigner, options, {
      createAccumulator: aggregate.createAccumulator.bind(aggregate),
      add: aggregate.add.bind(aggregate),
      merge: aggregate.merge?.bind(aggregate),
      result: (acc) => getResult(acc),
    });
  },

  /**
   * Combines the elements of each window with `reduce`, keeping one element per key and window.
   * @throws TypeError as {@link Window.aggregate}.
   */
  reduce<T, K = undefined>(
    assigner: WindowAssigner<T>,
    reduce: (a: T, b: T) => T,
    options: WindowOptions<T, K> = {},
  ): Flow<T, WindowResult<K, T>, NotUsed> {
    requireFunction('Window.reduce', 'reduce', reduce);
    const combine = (a: T | undefined, b: T | undefined): T | undefined =>
      a === undefined ? b : b === undefined ? a : reduce(a, b);
    return build<T, K, T | undefined, T>('Window.reduce', assigner, options, {
      createAccumulator: () => undefined,
      add: (element, acc) => (acc === undefined ? element : reduce(acc, element)),
      merge: combine,
      result: (acc) => acc as T, // a window exists only once an element was added
    });
  },

  /**
   * Keeps every element of each window and calls `process` with them and the window when it
   * fires (Flink's `ProcessWindowFunction`). Memory grows with the elements: prefer `aggregate`.
   * @throws TypeError as {@link Window.aggregate}.
   */
  process<T, R, K = undefined>(
    assigner: WindowAssigner<T>,
    process: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
    options: WindowOptions<T, K> = {},
  ): Flow<T, WindowResult<K, R>, NotUsed> {
    requireFunction('Window.process', 'process', process);
    return build<T, K, T[], R>('Window.process', assigner, options, {
      createAccumulator: () => [],
      add: (element, acc) => {
        acc.push(element);
        return acc;
      },
      merge: (a, b) => a.concat(b),
      result: (acc, key, start, end) => process(acc, { key, window: { start, end } }),
    });
  },
};

function build<T, K, Acc, R>(
  name: string,
  assigner: WindowAssigner<T>,
  options: WindowOptions<T, K>,
  fn: WindowFunction<T, K, Acc, R>,
): Flow<T, WindowResult<K, R>, NotUsed> {
  const settings = checkSettings(name, assigner, options, fn);
  const core = Flow.fromGraph(new WindowStage<T, K, Acc, R>(name, settings));
  const isResult = (x: WindowOutput<K, R, T>): x is WindowResult<K, R> =>
    !(x instanceof LateElement);
  const lateData = options.lateData;
  if (lateData === undefined) return core.collect(isResult);
  const isLate = (x: WindowOutput<K, R, T>): x is LateElement<T> => x instanceof LateElement;
  const toLateData = Flow.create<WindowOutput<K, R, T>>()
    .collect(isLate)
    .map((late) => late.element)
    .to(lateData);
  return core.divertTo(toLateData, isLate).collect(isResult);
}

function checkSettings<T, K, Acc, R>(
  name: string,
  assigner: WindowAssigner<T>,
  options: WindowOptions<T, K>,
  fn: WindowFunction<T, K, Acc, R>,
): WindowSettings<T, K, Acc, R> {
  if (assigner.isEventTime) requireFunction(name, 'timestamp', options.timestamp);
  if (assigner.isMerging && fn.merge === undefined) {
    throw new TypeError(`${name}: ${assigner.name} merges windows, so the function needs merge`);
  }
  if (options.keyBy !== undefined) requireFunction(name, 'keyBy', options.keyBy);
  const allowedLatenessMs = options.allowedLatenessMs ?? 0;
  requireNonNegativeDuration(name, 'allowedLatenessMs', allowedLatenessMs);
  const graceMs = options.graceMs ?? 0;
  requireNonNegativeDuration(name, 'graceMs', graceMs);
  const maxOpenWindowsPerKey = options.maxOpenWindowsPerKey ?? 10_000;
  requirePositiveInt(name, 'maxOpenWindowsPerKey', maxOpenWindowsPerKey);
  const maxOpenWindows = options.maxOpenWindows ?? 1_000_000;
  requirePositiveInt(name, 'maxOpenWindows', maxOpenWindows);
  return {
    assigner,
    fn,
    timestamp: options.timestamp,
    watermark: options.watermark,
    keyBy: options.keyBy,
    routeLate: options.lateData !== undefined,
    allowedLatenessMs,
    graceMs,
    emitOnUpdate: options.emit === 'onEveryUpdate',
    maxOpenWindowsPerKey,
    maxOpenWindows,
    evictOldest: options.onTooManyWindows === 'emitOldest',
    metrics: options.metrics ?? new WindowMetrics(),
  };
}
