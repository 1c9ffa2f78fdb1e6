import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { ticksMidStream } from '../core/midStreamTicks.js';

// flatMapMerge runs an inner source that is a plain fused chain as steps inside its own logic
// (one element per pull, in turn with the other inner sources) and any other as a substream.

const mat = new Materializer({ clock: new VirtualClock() });
const realMat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
  assertAllStagesStopped(realMat);
});

const boom = new Error('boom');
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

/** The inner sources the property mixes: fused chains of each kind, and one that is not fused. */
const inners: ((xs: readonly number[]) => Source<number, unknown>)[] = [
  (xs) => Source.from(xs),
  (xs) => Source.from(xs).map((x) => x + 0),
  (xs) => Source.from(xs).mapConcat((x) => [x]), // an expansion per element
  (xs) => Source.from(xs).filter(() => true),
  (xs) =>
    Source.single(xs)
      .flatMapConcat((ys) => Source.fromPromise(Promise.resolve(ys)))
      .mapConcat((ys) => ys), // waits on an async inner of its own
  (xs) => Source.fromPromise(Promise.resolve(xs)).mapConcat((ys) => ys), // not fused: a substream
  // A nested substream that may answer at once, from inside this inner source's own turn.
  (xs) => Source.single(xs).flatMapConcat((ys) => Source.from(ys).buffer(2, 'backpressure')),
];

describe('flatMapMerge with fused inner sources', () => {
  it('emits every element of every inner source, fused or not (as a multiset)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.tuple(fc.array(fc.integer(), { maxLength: 5 }), fc.nat({ max: inners.length - 1 })),
          { maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 4 }),
        async (specs, breadth) => {
          const out = await Source.from(specs)
            .flatMapMerge(breadth, ([xs, kind]) => (inners[kind] as (typeof inners)[0])(xs))
            .runWith(Sink.seq(), mat);
          expect(sorted(out)).toEqual(sorted(specs.flatMap(([xs]) => xs)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes from the running inner sources in turn: endless ones all show up', async () => {
    const out = await Source.from([1, 2, 3])
      .flatMapMerge(3, (x) => Source.repeat(x))
      .take(30)
      .runWith(Sink.seq(), mat);
    // One element each per round; the first starts a round or two before the others join.
    for (const x of [1, 2, 3]) expect(out.filter((y) => y === x).length).toBeGreaterThanOrEqual(8);
  });

  it("emits a step's element at start and at completion (scan's seed), and one cut short by take", async () => {
    const out = await Source.from([10, 20])
      .flatMapMerge(2, (x) =>
        Source.from([1, 2])
          .scan(x, (a, y) => a + y)
          .concat(Source.empty()),
      )
      .runWith(Sink.seq(), mat);
    expect(sorted(out)).toEqual([10, 11, 13, 20, 21, 23]);
    const cut = await Source.from([1, 2])
      .flatMapMerge(2, (x) => Source.repeat(x).take(3))
      .runWith(Sink.seq(), mat);
    expect(sorted(cut)).toEqual([1, 1, 1, 2, 2, 2]);
  });

  it('goes on past an inner source that drops thousands in a row, without holding the event loop', async () => {
    const out = await Source.from([0, 1])
      .flatMapMerge(2, (x) =>
        x === 0 ? Source.range(1, 5000).filter(() => false) : Source.from([7, 8]),
      )
      .runWith(Sink.seq(), mat);
    expect(sorted(out)).toEqual([7, 8]);
  });

  /** An endless iterator of `x` whose closing is counted, for a fused inner source. */
  function counted(x: number, tally: { created: number; closed: number }): Iterator<number> {
    tally.created++;
    return {
      next: () => ({ value: x, done: false }),
      return: () => {
        tally.closed++;
        return { value: undefined, done: true };
      },
    };
  }

  it('fails when a fused inner step throws, and closes every inner source', async () => {
    const tally = { created: 0, closed: 0 };
    const out = Source.from([1, 2, 3])
      .flatMapMerge(3, (x) =>
        Source.fromIterator(() => counted(x, tally)).map((y) => {
          if (y === 2) throw boom;
          return y;
        }),
      )
      .runWith(Sink.seq(), mat);
    await expect(out).rejects.toBe(boom);
    expect(tally.created).toBeGreaterThanOrEqual(2);
    expect(tally.closed).toBe(tally.created);
  });

  it('fails with a port error naming the inner source when one of its steps emits null', async () => {
    const error = await Source.from([1, 2])
      .flatMapMerge(2, (x) => Source.from([x]).map((y) => (y === 2 ? (null as never) : y)))
      .runWith(Sink.seq(), mat)
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe('PortMisuseError');
    expect((error as Error).message).toMatch(
      /^flatMapMerge#\d+\/flatMapMerge\.inner1: cannot push null to port 'flatMapMerge\.out'/,
    );
  });

  it('closes the fused inner sources when downstream cancels', async () => {
    const tally = { created: 0, closed: 0 };
    const [pub, sub] = TestSource.probe<number>()
      .flatMapMerge(2, (x) => Source.fromIterator(() => counted(x, tally)))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendNext(5);
    sub.request(3);
    await sub.expectNext(5, 5, 5);
    sub.cancel();
    await pub.expectCancellation();
    expect(tally).toEqual({ created: 1, closed: 1 });
  });

  it('starts inner sources ahead of demand, holding what they emit at start until it is asked for', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapMerge(2, (x) => Source.from([1]).scan(x, (a, y) => a + y))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(10);
    await pub.expectRequest(); // below breadth: upstream is pulled again without demand
    pub.sendNext(20);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0); // breadth reached
    sub.request(4);
    await sub.expectNextUnordered(10, 11, 20, 21);
    await pub.expectRequest();
    pub.sendComplete();
    sub.request(1);
    await sub.expectComplete();
  });

  it('merges inside a longer fused chain, with steps before and after it', async () => {
    const out = await Source.range(1, 3)
      .map((x) => x * 10)
      .flatMapMerge(2, (x) => Source.from([x, x + 1]))
      .filter((x) => x % 2 === 0)
      .runWith(Sink.seq(), mat);
    expect(sorted(out)).toEqual([10, 20, 30]);
  });

  it('serves the running inner sources while upstream has nothing to give', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapMerge(2, (x) => Source.from([x, x, x]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest(); // pulled again, and nothing comes
    sub.request(3);
    await sub.expectNext(1, 1, 1);
    pub.sendComplete();
    sub.request(1);
    await sub.expectComplete();
  });

  it('starts `breadth` asynchronous inner sources at once, and goes on as each completes', async () => {
    let running = 0;
    let most = 0;
    const slow = (x: number): Source<number, unknown> =>
      Source.fromPromise(
        new Promise<number>((resolve) => {
          running++;
          most = Math.max(most, running);
          setTimeout(() => {
            running--;
            resolve(x);
          }, 1);
        }),
      );
    const out = await TestSource.probe<number>()
      .flatMapMerge(3, slow)
      .toMat(Sink.seq(), Keep.both)
      .mapMaterializedValue(([pub, done]) => {
        for (let i = 0; i < 7; i++) pub.sendNext(i);
        pub.sendComplete();
        return done;
      })
      .run(realMat);
    expect(sorted(out)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(most).toBe(3);
  });

  it('nests: a flatMapMerge inside an inner source of flatMapMerge or flatMapConcat', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 4 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 3 }),
        async (groups, breadth) => {
          const expected = sorted(groups.flatMap((xs) => xs.flatMap((x) => [x, x])));
          const twice = (xs: readonly number[]): Source<number, unknown> =>
            Source.from(xs).flatMapMerge(breadth, (x) => Source.from([x, x]));
          const inMerge = await Source.from(groups)
            .flatMapMerge(breadth, twice)
            .runWith(Sink.seq(), mat);
          expect(sorted(inMerge)).toEqual(expected);
          const inConcat = await Source.from(groups).flatMapConcat(twice).runWith(Sink.seq(), mat);
          expect(sorted(inConcat)).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('charges its bursts against the yield budget: a 1 ms timer fires mid-stream', async () => {
    const inner = Array.from({ length: 1000 }, (_, i) => i);
    const { seen, midTicks, materializer } = await ticksMidStream(
      Source.range(1, 2000).flatMapMerge(4, () => Source.from(inner)),
    );
    assertAllStagesStopped(materializer);
    expect(seen).toBe(2_000_000);
    expect(midTicks).toBeGreaterThan(0);
  });
});
