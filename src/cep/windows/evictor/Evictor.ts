import type { TimeWindow } from '../TimeWindow.js';

/** An element a window keeps for an evictor, with its timestamp (event time, or the clock's). */
export interface TimestampedValue<T> {
  readonly value: T;
  readonly timestamp: number;
}

/**
 * Removes elements from a window before or after its function runs, as Flink's `Evictor`. Pass
 * one as the `evictor` option; the window then keeps its elements (not an accumulator) and runs
 * the function over what remains at each firing. Built-in: {@link CountEvictor},
 * {@link TimeEvictor}, {@link DeltaEvictor}.
 */
export interface Evictor<T> {
  /** For errors and docs: `CountEvictor(100)`. */
  readonly name: string;
  /** Before the function runs: remove elements from `elements` (in arrival order) in place. */
  evictBefore(elements: TimestampedValue<T>[], window: TimeWindow): void;
  /** After the function ran: remove elements from `elements` in place. */
  evictAfter(elements: TimestampedValue<T>[], window: TimeWindow): void;
}
