import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { arbitrarySource, sourceOfKind } from './sourceKinds.js';

// The fluent merge and mergeAll run sources that are plain fused chains inside their own step,
// taking upstream's elements in turn with them; any other source goes through the junction.

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

const kind = sourceOfKind;
const arb = arbitrarySource(5);

describe('merge of plain fused chains', () => {
  it('emits every element once, each input in its own order, for every kind on either side', async () => {
    await fc.assert(
      fc.asyncProperty(arb, fc.array(arb, { minLength: 1, maxLength: 4 }), async (a, those) => {
        // Tag each element with its input, so each input's order can be checked.
        const tagged = (xs: readonly number[], i: number): number[] =>
          xs.map((_, j) => i * 100 + j);
        const up = kind(tagged(a[0], 0), a[1]);
        const ins = those.map(([xs, k], i) => kind(tagged(xs, i + 1), k));
        const all = [tagged(a[0], 0), ...those.map(([xs], i) => tagged(xs, i + 1))];
        const merged =
          ins.length === 1
            ? await up.merge(ins[0] as Source<number, unknown>).runWith(Sink.seq(), mat)
            : await up.mergeAll(ins).runWith(Sink.seq(), mat);
        expect(sorted(merged)).toEqual(sorted(all.flat()));
        all.forEach((xs, i) => {
          expect(merged.filter((x) => Math.floor(x / 100) === i)).toEqual(xs);
        });
      }),
      { numRuns: 80 },
    );
  });

  it('serves the merged source while upstream has nothing, and upstream while it waits', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .merge(Source.from([1, 2, 3]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(3);
    await sub.expectNext(1, 2, 3);
    pub.sendNext(9);
    sub.request(1);
    await sub.expectNext(9);
    pub.sendComplete();
    await sub.expectComplete();
    let release: (xs: number[]) => void = () => undefined;
    const later = Source.single(0)
      .flatMapConcat(() => Source.fromPromise(new Promise<number[]>((r) => (release = r))))
      .mapConcat((xs) => xs);
    const [pub2, sub2] = TestSource.probe<number>()
      .merge(later)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.request(5);
    pub2.sendNext(1).sendNext(2);
    await sub2.expectNext(1, 2);
    release([7]);
    await sub2.expectNext(7);
    pub2.sendComplete();
    await sub2.expectComplete();
  });

  it('takes an upstream expansion one element at a time: none lost, and breadth kept', async () => {
    const out = await Source.from([[1, 2], [3]])
      .mapConcat((xs) => xs)
      .merge(Source.from([10, 20]))
      .runWith(Sink.seq(), mat);
    expect(sorted(out)).toEqual([1, 2, 3, 10, 20]);
    let running = 0;
    let most = 0;
    /** Two of `x`, counting the inner sources running (made, and not yet closed). */
    function* twice(x: number): Generator<number> {
      running++;
      most = Math.max(most, running);
      try {
        yield x;
        yield x;
      } finally {
        running--;
      }
    }
    const merged = await Source.from([[1, 2, 3, 4, 5]])
      .mapConcat((xs) => xs)
      .flatMapMerge(2, (x) => Source.fromIterator(() => twice(x)))
      .runWith(Sink.seq(), mat);
    expect(sorted(merged)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(most).toBeLessThanOrEqual(2);
  });

  it('completes with the first input to end under eagerComplete', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .merge(Source.empty<number>(), true)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await sub.expectComplete();
    await pub.expectCancellation();
    const out = await Source.repeat(1)
      .merge(Source.from([2, 2]), true)
      .runWith(Sink.seq(), mat);
    expect(out.filter((x) => x === 2)).toEqual([2, 2]);
  });
});
