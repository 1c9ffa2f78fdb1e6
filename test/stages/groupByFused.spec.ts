import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Keep, Materializer, Sink, Source, TooManySubstreamsOpenError } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const byKey = <T>(xs: readonly T[], key: (x: T) => number): Map<number, T[]> => {
  const groups = new Map<number, T[]>();
  for (const x of xs) groups.set(key(x), [...(groups.get(key(x)) ?? []), x]);
  return groups;
};
const sortedGroups = (groups: Iterable<number[]>): string[] =>
  [...groups].map((g) => g.join(',')).sort();

describe('groupBy with a fusable per-substream flow, merged', () => {
  it('gives each key its own steps: per-key running sums and take(2), as the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 60 }), async (xs) => {
        const key = (x: number): number => x % 4;
        const out = await Source.from(xs)
          .groupBy(4, key)
          .via(
            Flow.create<number>()
              .map((x) => ({ k: key(x), x }))
              .scan({ k: -1, sum: 0 }, (a, e) => ({ k: e.k, sum: a.sum + e.x }))
              .drop(1)
              .take(2),
          )
          .mergeSubstreams()
          .runWith(Sink.seq(), mat);
        const model = [...byKey(xs, key).values()].map((g) =>
          g.slice(0, 2).map((_, i) => g.slice(0, i + 1).reduce((a, x) => a + x, 0)),
        );
        const got = [...byKey(out, (e) => e.k).values()].map((g) => g.map((e) => e.sum));
        expect(sortedGroups(got)).toEqual(sortedGroups(model));
      }),
      { numRuns: 60 },
    );
  });

  it('emits what each substream holds when upstream completes, with no demand left over', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .groupBy(3, (x) => x % 3)
      .via(Flow.create<number>().grouped(10))
      .mergeSubstreams()
      .toMat(TestSink.probe<number[]>(), Keep.both)
      .run(mat);
    sub.request(3);
    for (const x of [1, 2, 3, 4, 5, 6]) {
      await pub.expectRequest();
      pub.sendNext(x);
    }
    pub.sendComplete();
    const groups = await sub.expectNextN(3);
    expect(sortedGroups(groups)).toEqual(['1,4', '2,5', '3,6']);
    await sub.expectComplete();
  });

  it('completes at once when no substream holds anything', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .groupBy(3, (x) => x % 3)
      .map((x) => x * 10)
      .mergeSubstreams()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(10);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(20);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('runs a per-substream expansion ahead of new input, and merges a later one', async () => {
    const out = await Source.from([1, 2, 3, 4])
      .groupBy(2, (x) => x % 2)
      .via(Flow.create<number>().mapConcat((x) => [x, x]))
      .mergeSubstreams()
      .mapConcat((x) => [x, -x])
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, -1, 1, -1, 2, -2, 2, -2, 3, -3, 3, -3, 4, -4, 4, -4]);
  });

  it('fails naming the stage when a key would open one substream too many', async () => {
    const done = Source.from([1, 2, 3])
      .groupBy(2, (x) => x)
      .map((x) => x)
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    await expect(done).rejects.toBeInstanceOf(TooManySubstreamsOpenError);
    await expect(done).rejects.toThrow(/groupBy.*maxSubstreams \(2\)/);
  });

  it('stops upstream when downstream has taken enough', async () => {
    let closed = 0;
    function* numbers(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed++;
      }
    }
    const out = await Source.from(numbers())
      .groupBy(5, (x) => x % 5)
      .map((x) => x + 1)
      .mergeSubstreams()
      .take(7)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(closed).toBe(1);
  });
});
