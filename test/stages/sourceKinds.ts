import fc from 'fast-check';
import { Source } from 'sluice';

/**
 * Sources of `xs` of every kind the fused fan-in forms meet: plain fused chains (with a map, an
 * expansion per element, a filter, an iterator), one that is fused but waits on a promise of its
 * own, and one that is not fused (a junction or a substream runs it).
 */
export const sourceKinds: readonly ((xs: readonly number[]) => Source<number, unknown>)[] = [
  (xs) => Source.from(xs),
  (xs) => Source.from(xs).map((x) => x + 0),
  (xs) => Source.from(xs).mapConcat((x) => [x]),
  (xs) =>
    Source.from([0, ...xs])
      .drop(1)
      .filter(() => true),
  (xs) => Source.fromIterator(() => xs.values()),
  (xs) =>
    Source.single(xs)
      .flatMapConcat((ys) => Source.fromPromise(Promise.resolve(ys)))
      .mapConcat((ys) => ys),
  (xs) => Source.fromPromise(Promise.resolve(xs)).mapConcat((ys) => ys),
];

/** The source of kind `k` over `xs`. */
export function sourceOfKind(xs: readonly number[], k: number): Source<number, unknown> {
  return (sourceKinds[k] as (typeof sourceKinds)[0])(xs);
}

/** Up to `maxLength` integers, and a kind of source to hold them. */
export function arbitrarySource(maxLength: number): fc.Arbitrary<[number[], number]> {
  return fc.tuple(fc.array(fc.integer(), { maxLength }), fc.nat({ max: sourceKinds.length - 1 }));
}

/** An endless fused source of 0, 1, 2, ..., and how often its iterator was closed so far. */
export function endlessClosing(): { source: Source<number, unknown>; closed: () => number } {
  let closed = 0;
  function* endless(): Generator<number> {
    try {
      for (let i = 0; ; i++) yield i;
    } finally {
      closed++;
    }
  }
  return { source: Source.fromIterator(() => endless()), closed: () => closed };
}
