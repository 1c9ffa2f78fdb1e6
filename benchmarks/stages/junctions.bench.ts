/**
 * The general junctions, each run by the interpreter as a stage of its own (no fused special
 * case), 1,000,000 ints in all, summed: fan-in `merge`, `mergeAll` (100 × 10k), `interleave`,
 * `zip`, `concat` (each as the junction GraphDSL builds; the fluent `merge`, `mergeAll`,
 * `interleave`, `zip` and `concat` over plain chains are fused, and timed beside them); fan-out
 * `broadcast`, `balance`, `partition`, each in a diamond closed by a `merge`, and the fluent
 * `alsoTo` into `Sink.foreach` (fused) beside its junction, against @most/core's and RxJS's `tap`,
 * and `Sink.combine` with a broadcast or a partition into two sinks (fused) beside the junction.
 * Peers in their plain idiomatic form: @most/core `merge`/`mergeArray`/`zip`/`continueWith` (its
 * concat), `multicast` + `merge` for broadcast and `multicast` + two `filter`s
 * + `merge` for partition; RxJS `merge`/`concat`, a `Subject` + `merge` for broadcast and
 * `partition` + `merge` for partition. Neither has a balance or an interleave operator; those rows
 * have no peer.
 *
 * RxJS `zip` is left out of the timed run: over two synchronous sources it buffers the whole first
 * source and drains that backlog with `Array.prototype.shift()`, which is quadratic (about 15 s
 * for 500k pairs here). That pathology would be the whole measurement; it is timed once and
 * printed instead, labelled as such.
 */
import { fileURLToPath } from 'node:url';
import {
  continueWith as mostContinueWith,
  filter as mostFilter,
  merge as mostMerge,
  mergeArray as mostMergeArray,
  multicast as mostMulticast,
  tap as mostTap,
  zip as mostZip,
} from '@most/core';
import { newDefaultScheduler } from '@most/scheduler';
import { bench, run, summary } from 'mitata';
import {
  concat as rxConcat,
  from as rxFrom,
  merge as rxMerge,
  type Observable,
  partition as rxPartition,
  Subject,
  tap as rxTap,
  zip as rxZip,
} from 'rxjs';
import {
  alsoTo,
  balance,
  broadcast,
  concat,
  type GraphStage,
  GraphDSL,
  interleave,
  Keep,
  Materializer,
  merge,
  partition,
  Sink,
  SinkShape,
  Source,
  SourceShape,
  type UniformFanInShape,
  type UniformFanOutShape,
  zip,
} from 'sluice';
import { checkSame, mostFold, mostFromArray } from '../core/peers.js';

const HALF = 500_000;
const half: readonly number[] = Array.from({ length: HALF }, (_, i) => i);
const all: readonly number[] = Array.from({ length: 2 * HALF }, (_, i) => i % HALF);
const tenK: readonly number[] = half.slice(0, 10_000);
const sum = (a: number, x: number): number => a + x;
const sumPair = (a: number, p: readonly [number, number]): number => a + p[0] + p[1];
const halfSum = (HALF * (HALF - 1)) / 2;

let oddSeen = 0;
/** What the tapping workload's side does with each element. */
const tapOdd = (x: number): void => {
  oddSeen += x & 1;
};

let sideSeen = 0;
/** A sink behind a fan-out: it counts what it is handed. */
const countSide = (): Sink<number, unknown> =>
  Sink.foreach(() => {
    sideSeen++;
  });
const parity = (x: number): number => x & 1;

const mat = new Materializer();
const scheduler = newDefaultScheduler();
const fold = Sink.fold(0, sum);

/** `split` over `items`, its two outputs merged back: a fan-out junction in a diamond. */
function diamond(
  items: readonly number[],
  split: () => GraphStage<UniformFanOutShape<number, number>>,
): Source<number, unknown> {
  return Source.fromGraph(
    GraphDSL.create((b) => {
      const fork = b.add(split());
      const join = b.add(merge<number>(2));
      b.connect(b.add(Source.from(items)).out, fork.in);
      b.connect(fork.out(0), join.in(0));
      b.connect(fork.out(1), join.in(1));
      return new SourceShape(join.out);
    }),
  );
}

/** Two counting sinks behind `junction`, as GraphDSL builds it. */
function fanOutJunction(
  junction: GraphStage<UniformFanOutShape<number, number>>,
): Sink<number, unknown> {
  return Sink.fromGraph(
    GraphDSL.create((b) => {
      const fanOut = b.add(junction);
      b.connect(fanOut.out(0), b.add(countSide()).in);
      b.connect(fanOut.out(1), b.add(countSide()).in);
      return new SinkShape(fanOut.in);
    }),
  );
}

/** `inputs` joined by a fan-in junction (`merge` unless told), as GraphDSL builds it. */
function mergeJunction(
  inputs: readonly (readonly number[])[],
  junction: (n: number) => GraphStage<UniformFanInShape<number, number>> = (n) => merge(n),
): Source<number, unknown> {
  return Source.fromGraph(
    GraphDSL.create((b) => {
      const join = b.add(junction(inputs.length));
      inputs.forEach((xs, i) => {
        b.connect(b.add(Source.from(xs)).out, join.in(i));
      });
      return new SourceShape(join.out);
    }),
  );
}

/** `half` zipped with itself through the `zip` junction, as GraphDSL builds it. */
function zipJunction(): Source<[number, number], unknown> {
  return Source.fromGraph(
    GraphDSL.create((b) => {
      const join = b.add(zip<number, number>());
      b.connect(b.add(Source.from(half)).out, join.in0);
      b.connect(b.add(Source.from(half)).out, join.in1);
      return new SourceShape(join.out);
    }),
  );
}

function rxSum(stream: Observable<number>): number {
  let acc = 0;
  stream.subscribe((x) => (acc = sum(acc, x)));
  return acc; // synchronous: every source is a synchronous array
}

const workloads: Record<string, [expected: number, Record<string, () => unknown>]> = {
  'merge 2x500k': [
    2 * halfSum,
    {
      // `that` is a plain fused chain, so the fluent merge runs it inside its step.
      'sluice merge (fused)': () =>
        Source.from(half).merge(Source.from(half)).toMat(fold, Keep.right).run(mat),
      'sluice merge junction': () => mergeJunction([half, half]).toMat(fold, Keep.right).run(mat),
      '@most/core merge': () =>
        mostFold(mostMerge(mostFromArray(half), mostFromArray(half)), sum, 0, scheduler),
      'rxjs 7 merge': () => rxSum(rxMerge(rxFrom(half), rxFrom(half))),
    },
  ],
  'mergeAll 100x10k': [
    100 * ((10_000 * 9_999) / 2),
    {
      'sluice mergeAll (fused)': () =>
        Source.from(tenK)
          .mergeAll(Array.from({ length: 99 }, () => Source.from(tenK)))
          .toMat(fold, Keep.right)
          .run(mat),
      'sluice mergeAll junction': () =>
        mergeJunction(Array.from({ length: 100 }, () => tenK))
          .toMat(fold, Keep.right)
          .run(mat),
      '@most/core mergeArray': () =>
        mostFold(
          mostMergeArray(Array.from({ length: 100 }, () => mostFromArray(tenK))),
          sum,
          0,
          scheduler,
        ),
      'rxjs 7 merge': () => rxSum(rxMerge(...Array.from({ length: 100 }, () => rxFrom(tenK)))),
    },
  ],
  'interleave 2x500k': [
    2 * halfSum,
    {
      // `that` is a plain fused chain, so the fluent interleave runs it inside its step.
      'sluice interleave (fused)': () =>
        Source.from(half).interleave(Source.from(half), 1).toMat(fold, Keep.right).run(mat),
      'sluice interleave junction': () =>
        mergeJunction([half, half], (n) => interleave(n, 1))
          .toMat(fold, Keep.right)
          .run(mat),
    },
  ],
  'zip 500k pairs': [
    2 * halfSum,
    {
      // `that` is a plain fused chain, so the fluent zip runs it inside its step.
      'sluice zip (fused)': () =>
        Source.from(half).zip(Source.from(half)).toMat(Sink.fold(0, sumPair), Keep.right).run(mat),
      'sluice zip junction': () => zipJunction().toMat(Sink.fold(0, sumPair), Keep.right).run(mat),
      '@most/core zip': () =>
        mostFold(
          mostZip((a: number, b: number) => a + b, mostFromArray(half), mostFromArray(half)),
          sum,
          0,
          scheduler,
        ),
    },
  ],
  'concat 2x500k': [
    2 * halfSum,
    {
      // `that` is a plain fused chain, so the fluent concat runs it as steps of the chain.
      'sluice concat (fused)': () =>
        Source.from(half).concat(Source.from(half)).toMat(fold, Keep.right).run(mat),
      'sluice concat junction': () =>
        mergeJunction([half, half], (n) => concat(n))
          .toMat(fold, Keep.right)
          .run(mat),
      '@most/core continueWith': () =>
        mostFold(
          mostContinueWith(() => mostFromArray(half), mostFromArray(half)),
          sum,
          0,
          scheduler,
        ),
      'rxjs 7 concat': () => rxSum(rxConcat(rxFrom(half), rxFrom(half))),
    },
  ],
  'broadcast 500k x2': [
    2 * halfSum,
    {
      sluice: () =>
        diamond(half, () => broadcast<number>(2))
          .toMat(fold, Keep.right)
          .run(mat),
      '@most/core multicast+merge': () => {
        const shared = mostMulticast(mostFromArray(half));
        return mostFold(mostMerge(shared, shared), sum, 0, scheduler);
      },
      'rxjs 7 Subject+merge': () => {
        // A synchronous source would run to its end for the first subscriber: a Subject is fed
        // once both have joined, RxJS's own way to multicast.
        const subject = new Subject<number>();
        let acc = 0;
        rxMerge(subject, subject).subscribe((x) => (acc = sum(acc, x)));
        for (const x of half) subject.next(x);
        subject.complete();
        return acc;
      },
    },
  ],
  // The fluent alsoTo into a single fusable sink runs the sink in the chain; `via(alsoTo(sink))`
  // keeps the sink's value and goes through the junction. The peers' way to see every element.
  'alsoTo 1M': [
    2 * halfSum,
    {
      'sluice alsoTo (fused)': () =>
        Source.from(all).alsoTo(Sink.foreach(tapOdd)).toMat(fold, Keep.right).run(mat),
      'sluice alsoTo junction': () =>
        Source.from(all)
          .via(alsoTo(Sink.foreach(tapOdd)))
          .toMat(fold, Keep.right)
          .run(mat),
      '@most/core tap': () => mostFold(mostTap(tapOdd, mostFromArray(all)), sum, 0, scheduler),
      'rxjs 7 tap': () => rxSum(rxFrom(all).pipe(rxTap(tapOdd))),
    },
  ],
  // Sink.combine with a broadcast or a partition into single fusable sinks is one fused sink; the
  // same graph built with GraphDSL goes through the junction (and so does the alsoTo in front).
  'alsoTo into a broadcast into two sinks 1M': [
    2 * halfSum,
    {
      'sluice Sink.combine (fused)': () =>
        Source.from(all)
          .alsoTo(Sink.combine([countSide(), countSide()], (n) => broadcast<number>(n)))
          .toMat(fold, Keep.right)
          .run(mat),
      'sluice broadcast junction': () =>
        Source.from(all)
          .alsoTo(fanOutJunction(broadcast<number>(2)))
          .toMat(fold, Keep.right)
          .run(mat),
    },
  ],
  'alsoTo into a partition into two sinks 1M': [
    2 * halfSum,
    {
      'sluice Sink.combine (fused)': () =>
        Source.from(all)
          .alsoTo(Sink.combine([countSide(), countSide()], (n) => partition<number>(n, parity)))
          .toMat(fold, Keep.right)
          .run(mat),
      'sluice partition junction': () =>
        Source.from(all)
          .alsoTo(fanOutJunction(partition<number>(2, parity)))
          .toMat(fold, Keep.right)
          .run(mat),
    },
  ],
  'balance 1M': [
    2 * halfSum,
    {
      sluice: () =>
        diamond(all, () => balance<number>(2))
          .toMat(fold, Keep.right)
          .run(mat),
    },
  ],
  'partition 1M': [
    2 * halfSum,
    {
      sluice: () =>
        diamond(all, () => partition<number>(2, (x) => x & 1))
          .toMat(fold, Keep.right)
          .run(mat),
      '@most/core multicast+filter+merge': () => {
        const shared = mostMulticast(mostFromArray(all));
        const odd = mostFilter((x: number) => (x & 1) === 1, shared);
        const even = mostFilter((x: number) => (x & 1) === 0, shared);
        return mostFold(mostMerge(odd, even), sum, 0, scheduler);
      },
      'rxjs 7 partition+merge': () => {
        const [odd, even] = rxPartition(rxFrom(all), (x) => (x & 1) === 1);
        return rxSum(rxMerge(odd, even));
      },
    },
  ],
};

for (const [workload, [expected, contenders]] of Object.entries(workloads)) {
  await checkSame(workload, expected, contenders);
  summary(() => {
    for (const [name, f] of Object.entries(contenders)) {
      const b = bench(`${workload}: ${name}`, f);
      if (name === 'sluice' || name.endsWith(' junction')) b.baseline(true);
    }
  });
}
// Each of the four contenders of 'alsoTo 1M' fed its side every element in its checked run.
if (oddSeen !== 4 * HALF) {
  throw new Error(
    `alsoTo 1M: the sides saw ${String(oddSeen)} odd elements, not ${String(4 * HALF)}`,
  );
}
// The two broadcasts handed both sinks every element, the two partitions each element to one.
if (sideSeen !== 6 * all.length) {
  throw new Error(
    `fan-out into sinks: the sinks saw ${String(sideSeen)}, not ${String(6 * all.length)}`,
  );
}

/** RxJS `zip` over two synchronous sources, timed once: see the note at the top. */
function rxZipOnce(): void {
  const started = performance.now();
  let acc = 0;
  rxZip(rxFrom(half), rxFrom(half)).subscribe((p) => (acc = sumPair(acc, p)));
  const ms = performance.now() - started;
  if (acc !== 2 * halfSum) throw new Error(`zip 500k pairs: rxjs 7 zip computed ${String(acc)}`);
  console.log(
    `zip 500k pairs: rxjs 7 zip (pathology: quadratic shift() backlog), once: ${ms.toFixed(0)} ms`,
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await run();
  rxZipOnce();
}
