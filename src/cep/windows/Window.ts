import { type Flow, type NotUsed, requireFunction } from '../../core/index.js';
import type { Watermark } from '../watermark/Watermark.js';
import { type AggregateFunction, AggregateWindowFunction } from './AggregateFunction.js';
import { buildSlidingWindows } from './buildSlidingWindows.js';
import { buildWindow } from './buildWindow.js';
import { SlidingWindows } from './SlidingWindows.js';
import type { WindowResult } from './TimeWindow.js';
import type { WindowAssigner } from './WindowAssigner.js';
import { KeyedWindows, type ProcessWindowContext } from './WindowedStream.js';
import type { EventTimeStreamOptions, WindowOptions } from './WindowOptions.js';

/**
 * Aggregates each window incrementally: one accumulator per key and window, as Flink's
 * `WindowedStream.aggregate`. With Kafka Streams' {@link SlidingWindows} it keeps the records of
 * the last `timeDifferenceMs + graceMs` per key instead and aggregates each window when it closes. The flow emits `{ key, window, value }` with windows
 * `[start, end)`; keyed with `keyBy`, non-keyed without (the key is then `undefined`).
 * - Emits when: a window fires (the watermark, or the clock for processing time, passes its end,
 *   plus `graceMs`); again for each late element within `allowedLatenessMs`; after every element
 *   with `emit: 'onEveryUpdate'`; every open window at upstream completion.
 * - Backpressures when: downstream backpressures while fired results are being emitted.
 * - Completes when: upstream completes and every open window was emitted.
 * - Cancels when: downstream cancels.
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
 *     TumblingEventTimeWindows.of<Payment>(60_000),
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
function aggregate<T, Acc, R, K = undefined>(
  assigner: WindowAssigner<T> | SlidingWindows,
  aggregateFunction: AggregateFunction<T, Acc, R>,
  options: EventTimeStreamOptions<T, K>,
): Flow<T | Watermark, WindowResult<K, R>, NotUsed>;
function aggregate<T, Acc, R, K = undefined>(
  assigner: WindowAssigner<T> | SlidingWindows,
  aggregateFunction: AggregateFunction<T, Acc, R>,
  options?: WindowOptions<T, K>,
): Flow<T, WindowResult<K, R>, NotUsed>;
function aggregate<T, Acc, R, K>(
  assigner: WindowAssigner<T> | SlidingWindows,
  fn: AggregateFunction<T, Acc, R>,
  options: WindowOptions<T, K> = {},
): Flow<T, WindowResult<K, R>, NotUsed> {
  const name = 'Window.aggregate';
  requireFunction(name, 'createAccumulator', fn.createAccumulator);
  requireFunction(name, 'add', fn.add);
  requireFunction(name, 'getResult', fn.getResult);
  if (assigner instanceof SlidingWindows) {
    if (options.trigger !== undefined || options.evictor !== undefined) {
      throw new TypeError(
        `${name}: SlidingWindows fire by their own rules; they take no trigger or evictor`,
      );
    }
    return buildSlidingWindows(assigner, fn, options);
  }
  return buildWindow<T, K, Acc, R>(name, assigner, options, new AggregateWindowFunction(fn));
}

/**
 * Combines the elements of each window with `reduce`, keeping one element per key and window.
 * The contract is {@link aggregate}'s.
 * @throws TypeError as {@link aggregate}.
 */
function reduce<T, K = undefined>(
  assigner: WindowAssigner<T>,
  reduceFunction: (a: T, b: T) => T,
  options: EventTimeStreamOptions<T, K>,
): Flow<T | Watermark, WindowResult<K, T>, NotUsed>;
function reduce<T, K = undefined>(
  assigner: WindowAssigner<T>,
  reduceFunction: (a: T, b: T) => T,
  options?: WindowOptions<T, K>,
): Flow<T, WindowResult<K, T>, NotUsed>;
function reduce<T, K>(
  assigner: WindowAssigner<T>,
  f: (a: T, b: T) => T,
  options: WindowOptions<T, K> = {},
): Flow<T, WindowResult<K, T>, NotUsed> {
  requireFunction('Window.reduce', 'reduce', f);
  return buildWindow<T, K, T | undefined, T>('Window.reduce', assigner, options, {
    createAccumulator: () => undefined,
    add: (element, acc) => (acc === undefined ? element : f(acc, element)),
    merge: (a, b) => (a === undefined ? b : b === undefined ? a : f(a, b)),
    result: (acc) => acc as T, // a window exists only once an element was added
  });
}

/**
 * Keeps every element of each window and calls `process` with them and the window when it fires
 * (Flink's `ProcessWindowFunction`). Memory grows with the elements: prefer `aggregate`. The
 * contract is {@link aggregate}'s.
 * @throws TypeError as {@link aggregate}.
 */
function process<T, R, K = undefined>(
  assigner: WindowAssigner<T>,
  processFunction: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
  options: EventTimeStreamOptions<T, K>,
): Flow<T | Watermark, WindowResult<K, R>, NotUsed>;
function process<T, R, K = undefined>(
  assigner: WindowAssigner<T>,
  processFunction: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
  options?: WindowOptions<T, K>,
): Flow<T, WindowResult<K, R>, NotUsed>;
function process<T, R, K>(
  assigner: WindowAssigner<T>,
  f: (elements: readonly T[], context: ProcessWindowContext<K>) => R,
  options: WindowOptions<T, K> = {},
): Flow<T, WindowResult<K, R>, NotUsed> {
  requireFunction('Window.process', 'process', f);
  return buildWindow<T, K, T[], R>('Window.process', assigner, options, {
    createAccumulator: () => [],
    add: (element, acc) => {
      acc.push(element);
      return acc;
    },
    merge: (a, b) => a.concat(b),
    result: (acc, key, start, end) => f(acc, { key, window: { start, end } }),
  });
}

const operators = { aggregate, reduce, process };

/**
 * The fluent form, as Flink's `stream.keyBy(f).window(a).aggregate(fn)`: keys by `f`, then
 * `.window(assigner)`, optionally `.trigger(t)`, `.evictor(e)`, `.allowedLateness(ms)`, and ends in
 * `.aggregate(fn, options?)`, `.reduce(f, options?)` or `.process(f, options?)`, each a `Flow` to
 * use with `via`, the same as {@link aggregate} with `keyBy`.
 * @throws TypeError if `f` is not a function.
 * @example
 * ```ts
 * import type { Source } from 'sluice';
 * import { TumblingEventTimeWindows, Window } from 'sluice/cep';
 *
 * interface Click { user: string; ts: number }
 * declare const clicks: Source<Click, unknown>;
 *
 * const perUser = clicks.via(
 *   Window.keyBy((c: Click) => c.user)
 *     .window(TumblingEventTimeWindows.of<Click>(60_000))
 *     .aggregate(
 *       { createAccumulator: () => 0, add: (_: Click, n: number) => n + 1, getResult: (n: number) => n },
 *       { timestamp: (c: Click) => c.ts },
 *     ),
 * );
 * ```
 */
function keyBy<T, K>(f: (element: T) => K): KeyedWindows<T, K> {
  requireFunction('Window.keyBy', 'f', f);
  return new KeyedWindows<T, K>(operators, f);
}

/**
 * The fluent form without a key (Flink's `windowAll`): `.window(assigner)` and the rest as
 * {@link keyBy}; results have the key `undefined`.
 */
function windowAll<T>(): KeyedWindows<T, undefined> {
  return new KeyedWindows<T, undefined>(operators, undefined);
}

/**
 * Window operators over event or processing time, as Flink's `WindowedStream`: each is a fused
 * `Flow`. See {@link aggregate}, {@link reduce}, {@link process}, and the fluent {@link keyBy}
 * and {@link windowAll}.
 */
export const Window = { aggregate, reduce, process, keyBy, windowAll };
