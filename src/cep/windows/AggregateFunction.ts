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
  createAccumulator(): Acc;
  add(element: T, acc: Acc): Acc;
  readonly merge: ((a: Acc, b: Acc) => Acc) | undefined;
  result(acc: Acc, key: K, start: number, end: number): R;
}

/**
 * @internal An {@link AggregateFunction} as a window function: calls through the user's object,
 * so its methods keep their `this`, without a bound function per call site.
 */
export class AggregateWindowFunction<T, K, Acc, R> implements WindowFunction<T, K, Acc, R> {
  readonly merge: ((a: Acc, b: Acc) => Acc) | undefined;
  constructor(private readonly f: AggregateFunction<T, Acc, R>) {
    // Called as a method of `f`, which holds it: `this` stays the user's object.
    const merge = f.merge;
    this.merge = merge === undefined ? undefined : (a, b) => merge.call(f, a, b);
  }
  createAccumulator(): Acc {
    return this.f.createAccumulator();
  }
  add(element: T, acc: Acc): Acc {
    return this.f.add(element, acc);
  }
  result(acc: Acc): R {
    return this.f.getResult(acc);
  }
}
