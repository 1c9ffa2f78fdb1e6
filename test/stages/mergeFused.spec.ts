import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, merge, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');
/** An endless fused source of `x` (Source.from over a generator). */
const forever = (x: number) =>
  Source.from({
    *[Symbol.iterator]() {
      for (;;) yield x;
    },
  });
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);
/** An endless generator of 7s that counts in `closes` how often it was closed. */
function* sevens(closes: { count: number }): Generator<number> {
  try {
    for (;;) yield 7;
  } finally {
    closes.count++;
  }
}

describe('Source.combine with merge over fused sources', () => {
  it('emits every element of every source, each source in order (any mix of fused and unfused)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ xs: fc.array(fc.integer(), { maxLength: 30 }), fused: fc.boolean() }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (specs) => {
          const sources = specs.map(({ xs, fused }, i) =>
            (fused ? Source.from(xs) : Source.from(xs).buffer(1, 'backpressure')).map((x) => ({
              i,
              x,
            })),
          );
          const out = await Source.combine(sources, (n) =>
            merge<{ i: number; x: number }>(n),
          ).runWith(Sink.seq(), mat);
          expect(sorted(out.map((e) => e.x))).toEqual(sorted(specs.flatMap((s) => s.xs)));
          specs.forEach(({ xs }, i) => {
            expect(out.filter((e) => e.i === i).map((e) => e.x)).toEqual(xs);
          });
        },
      ),
      { numRuns: 60 },
    );
  });

  it('takes the inputs in turn, one element per pull', async () => {
    const sub = Source.combine([Source.range(1, 100), Source.range(101, 200)], (n) =>
      merge<number>(n),
    ).runWith(TestSink.probe<number>(), mat);
    sub.request(4);
    await sub.expectNext(1, 101, 2, 102);
    await sub.expectNoMessage(10);
    sub.cancel();
  });

  it('gives every input a turn in a burst too, without starving an endless one', async () => {
    const out = await Source.combine([forever(1), forever(2)], (n) => merge<number>(n))
      .take(1_000)
      .runWith(Sink.seq(), mat);
    expect(out.filter((x) => x === 1).length).toBeGreaterThan(400);
    expect(out.filter((x) => x === 2).length).toBeGreaterThan(400);
  });

  it('completes with the first input to complete when eagerComplete is set, closing the others', async () => {
    const closes = { count: 0 };
    const out = await Source.combine([Source.from(sevens(closes)), Source.from([1, 2])], (n) =>
      merge<number>(n, true),
    ).runWith(Sink.seq(), mat);
    expect(out.filter((x) => x !== 7)).toEqual([1, 2]);
    expect(closes.count).toBe(1);
  });

  it('stops every input when downstream cancels', async () => {
    let closed = 0;
    function* endless(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed++;
      }
    }
    const [, sub] = Source.combine([Source.from(endless()), Source.from(endless())], (n) =>
      merge<number>(n),
    )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(3);
    await sub.expectNext(0, 0, 1);
    sub.cancel();
    await settle();
    expect(closed).toBe(2);
  });

  it('fails when a step of one input throws', async () => {
    await expect(
      Source.combine(
        [
          Source.range(1, 10),
          Source.range(1, 10).map((x) => {
            if (x === 3) throw boom;
            return x;
          }),
        ],
        (n) => merge<number>(n),
      ).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });
});

describe('mergeAll', () => {
  it('merges this stream with all of those (as a multiset, each input in order)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 20 }), { minLength: 1, maxLength: 5 }),
        async ([first, ...rest]) => {
          const out = await Source.from(first ?? [])
            .mergeAll(rest.map((xs) => Source.from(xs)))
            .runWith(Sink.seq(), mat);
          expect(sorted(out)).toEqual(sorted([first ?? [], ...rest].flat()));
        },
      ),
      { numRuns: 40 },
    );
  });

  it('completes with the first of those to complete when eagerComplete is set', async () => {
    const closes = { count: 0 };
    const [pub, done] = TestSource.probe<number>()
      .mergeAll([Source.from(sevens(closes)), Source.from([1, 2])], true)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    const out = await done;
    expect(out.filter((x) => x !== 7)).toEqual([1, 2]);
    await pub.expectCancellation();
    expect(closes.count).toBe(1);
  });

  it('fails when a step of one of those throws', async () => {
    const failing = Source.range(1, 10).map((x) => {
      if (x === 3) throw boom;
      return x;
    });
    await expect(
      Source.range(1, 10)
        .mergeAll([Source.range(1, 10), failing])
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('completes early with eagerComplete and waits for all inputs otherwise', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .mergeAll([Source.from([1])], true)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    await sub.expectNext(1);
    await sub.expectComplete();
    await pub.expectCancellation();
    const [pub2, sub2] = TestSource.probe<number>()
      .mergeAll([Source.from([1])])
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.request(2);
    await sub2.expectNext(1);
    await sub2.expectNoMessage(10);
    pub2.sendNext(2);
    await sub2.expectNext(2);
    pub2.sendComplete();
    await sub2.expectComplete();
  });
});
