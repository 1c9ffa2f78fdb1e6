import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Keep, Materializer, Sink, Source, SourceChain } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

/** An inner source that is a plain fused chain, and one that is not (a Promise-based stage). */
const fused = (xs: readonly number[]) => Source.from(xs).map((x) => x);
const unfused = (xs: readonly number[]) =>
  Source.fromPromise(Promise.resolve(xs)).mapConcat((ys) => ys);

describe('SourceChain', () => {
  it('recognises straight chains of fusable stages only', () => {
    expect(SourceChain.of(Source.from([1, 2]))).toBeDefined();
    expect(
      SourceChain.of(
        Source.range(1, 3)
          .map((x) => x)
          .filter((x) => x > 1),
      ),
    ).toBeDefined();
    expect(SourceChain.of(Source.fromPromise(Promise.resolve(1)))).toBeUndefined();
    expect(SourceChain.of(Source.from([1]).async())).toBeDefined();
    expect(
      SourceChain.of(
        Source.from([1])
          .async()
          .map((x) => x),
      ),
    ).toBeUndefined();
    expect(
      SourceChain.of(Source.from([1]).via(Flow.create<number>().buffer(2, 'backpressure'))),
    ).toBeUndefined();
  });

  it('computes the inner materialized value each time, as running it would', async () => {
    let runs = 0;
    const inner = Source.from([1, 2]).mapMaterializedValue(() => {
      runs++;
    });
    const out = await Source.from([1, 2, 3])
      .flatMapConcat(() => inner)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 1, 2, 1, 2]);
    expect(runs).toBe(3);
  });
});

describe('flatMapConcat on fused inner sources', () => {
  it('equals flat() for any mix of fused, unfused and empty inner sources, in any chain shape', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ xs: fc.array(fc.integer(), { maxLength: 5 }), fusedInner: fc.boolean() }),
          { maxLength: 8 },
        ),
        fc.boolean(),
        async (specs, detachedSource) => {
          const outer = detachedSource
            ? Source.from(specs).buffer(1, 'backpressure')
            : Source.from(specs);
          const out = await outer
            .flatMapConcat(({ xs, fusedInner }) => (fusedInner ? fused(xs) : unfused(xs)))
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(specs.flatMap((s) => s.xs));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('starts an unfused inner source once when the chain runs from its own start', async () => {
    // Source to sink is one chain that runs in its preStart: the inner stream materialized there
    // joins the island while it starts, and must be started by that join only (it was started
    // twice: "cannot pull port 'buffer.in': it is already pulled").
    const out = await Source.from([[1, 2], [3]])
      .flatMapConcat((xs) => Source.from(xs).buffer(2, 'backpressure'))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3]);
  });

  it('emits one element per pull and pulls upstream only when the inner source is drained', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapConcat((x) => Source.range(1, x))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(3);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    sub.request(2);
    await sub.expectNext(2, 3);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('completes only after the running inner source, when upstream completes first', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapConcat((x) => Source.from([x, x + 1, x + 2]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(10);
    pub.sendComplete();
    await sub.expectNext(10);
    sub.request(5);
    await sub.expectNext(11, 12);
    await sub.expectComplete();
  });

  it('stops the inner source when downstream takes fewer elements, and releases it', async () => {
    let released = 0;
    function* numbers(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        released++;
      }
    }
    const out = await Source.from([1, 2])
      .flatMapConcat(() => Source.from(numbers()))
      .take(5)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(released).toBe(1);
  });

  it('lets an inner take(n) end the inner source only', async () => {
    const out = await Source.from([1, 2, 3])
      .flatMapConcat((x) => Source.repeat(x).take(2))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 1, 2, 2, 3, 3]);
  });

  it('emits an inner scan seed and nested expansions in order', async () => {
    const out = await Source.from([1, 2])
      .flatMapConcat((x) =>
        Source.from([x, x])
          .scan(0, (a, y) => a + y)
          .flatMapConcat((y) => Source.from([y, -y])),
      )
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([0, -0, 1, -1, 2, -2, 0, -0, 2, -2, 4, -4]);
  });

  it('fails when the inner source holds an illegal element, naming the stage', async () => {
    await expect(
      Source.single(1)
        .flatMapConcat(() => Source.from([1, undefined as unknown as number]))
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow(/flatMapConcat.*null and undefined are not legal/);
  });

  it('fails with an inner step that throws, and cancels upstream', async () => {
    const [pub, done] = TestSource.probe<number>()
      .flatMapConcat((x) =>
        Source.from([x]).map((y) => {
          if (y === 2) throw boom;
          return y;
        }),
      )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await pub.expectCancellation();
    await expect(done).rejects.toBe(boom);
  });

  it('yields to the event loop on a long inner source instead of running it in one turn', async () => {
    let seen = 0;
    const done = Source.single(1)
      .flatMapConcat(() => Source.range(1, 300_000))
      .map((x) => {
        seen++;
        return x;
      })
      .runWith(
        Sink.fold(0, (n) => n + 1),
        new Materializer({ eventsPerYield: 1_000 }),
      );
    // The budget counts elements: about 1,000 go through before the first yield, not one burst.
    expect(seen).toBeGreaterThanOrEqual(900);
    expect(seen).toBeLessThanOrEqual(1_100);
    expect(await done).toBe(300_000);
  });

  it('counts elements, not bursts or calls, against the yield budget', async () => {
    const counted = (source: Source<number, unknown>): [number, Promise<number>] => {
      let seen = 0;
      const done = source
        .map((x) => {
          seen++;
          return x;
        })
        .runWith(
          Sink.fold(0, (n) => n + 1),
          new Materializer({ eventsPerYield: 1_000 }),
        );
      return [seen, done];
    };
    function* numbers(): Generator<number> {
      for (let i = 0; i < 50_000; i++) yield i;
    }
    for (const [seen, done] of [
      counted(Source.from(numbers())),
      counted(Source.range(1, 25_000).mapConcat((x) => [x, x])),
      counted(Source.repeat(1).take(50_000)),
    ]) {
      expect(seen).toBeGreaterThanOrEqual(300);
      expect(seen).toBeLessThanOrEqual(1_100);
      expect(await done).toBe(50_000);
    }
  });
});
