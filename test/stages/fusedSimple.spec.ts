import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source, StreamLimitReachedError } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

// range, the simple operators and seq are all fusable: this runs as one fused logic.
describe('the fusable simple operators in one fused chain', () => {
  it('match the array model end to end', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 60 }),
        fc.nat(5),
        fc.nat(40),
        async (n, d, stop) => {
          const out = await Source.range(1, n)
            .filterNot((x) => x % 3 === 0)
            .collect((x) => (x % 5 === 0 ? undefined : x * 2))
            .drop(d)
            .dropWhile((x) => x < 6)
            .takeWhile((x) => x < stop * 2, true)
            .zipWithIndex()
            .limit(1_000)
            .runWith(Sink.seq(), mat);
          let xs = Array.from({ length: n }, (_, i) => i + 1)
            .filter((x) => x % 3 !== 0)
            .filter((x) => x % 5 !== 0)
            .map((x) => x * 2)
            .slice(d);
          const firstKept = xs.findIndex((x) => x >= 6);
          xs = firstKept < 0 ? [] : xs.slice(firstKept);
          const firstStop = xs.findIndex((x) => x >= stop * 2);
          if (firstStop >= 0) xs = xs.slice(0, firstStop + 1);
          expect(out).toEqual(xs.map((x, i) => [x, i]));
        },
      ),
    );
  });

  it('fails the chain from limit with its own label', async () => {
    const error: unknown = await Source.range(1, 10)
      .filterNot(() => false)
      .limit(3)
      .runWith(Sink.seq(), mat)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(StreamLimitReachedError);
    expect((error as StreamLimitReachedError).max).toBe(3);
    // The stage's own label (limit, third in the graph), not the fused chain's joined label.
    expect((error as Error).message).toBe(
      'limit#3: cannot pass more than 3: the limit was exceeded',
    );
  });
});
