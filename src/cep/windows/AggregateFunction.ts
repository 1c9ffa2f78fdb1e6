/**
 * An incremental aggregation, as Flink's `AggregateFunction`: one accumulator per key and window,
 * never the elements themselves.
 */
export interface AggregateFunction<T, Acc, R> {
  /** A fresh accumulator for a new window. */
  createAccumulator(): Acc;
  /** Adds one element; may update `acc` in place and return it. */
  add(element: T, acc: Acc): Acc;
  /** The window's value. */
  getResult(acc: Acc): R;
  /** Combines two accumulators when session windows merge (required for session windows). */
  merge?(a: Acc, b: Acc): Acc;
}

/** @internal What the window step runs: aggregate, reduce and process all reduce to this. */
export interface WindowFunction<T, K, Acc, R> {
  readonly createAccumulator: () => Acc;
  readonly add: (element: T, acc: Acc) => Acc;
  readonly merge: ((a: Acc, b: Acc) => Acc) | undefined;
  readonly result: (acc: Acc, key: K, start: number, end: number) => R;
}
