import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

function model(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let x = start; step > 0 ? x <= end : x >= end; x += step) out.push(x);
  return out;
}

const bounds = fc.tuple(
  fc.integer({ min: -50, max: 50 }),
  fc.integer({ min: -50, max: 50 }),
  fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0),
);

// Into a fused sink the range emits in bursts with the count left worked out up front; through an
// async boundary it emits one element per pull. Both must stop exactly at `end`.
describe('Source.range', () => {
  it('emits start to end inclusive, step apart, in bursts and one by one', async () => {
    await fc.assert(
      fc.asyncProperty(bounds, async ([start, end, step]) => {
        const expected = model(start, end, step);
        expect(await Source.range(start, end, step).runWith(Sink.seq(), mat)).toEqual(expected);
        expect(await Source.range(start, end, step).async().runWith(Sink.seq(), mat)).toEqual(
          expected,
        );
      }),
    );
  });

  it('stops where a take downstream cuts a burst, with the range left unfinished', async () => {
    await fc.assert(
      fc.asyncProperty(bounds, fc.nat(20), async ([start, end, step], n) => {
        const out = await Source.range(start, end, step).take(n).runWith(Sink.seq(), mat);
        expect(out).toEqual(model(start, end, step).slice(0, n));
      }),
    );
  });

  it('goes on from where a burst was cut by an expansion downstream', async () => {
    await fc.assert(
      fc.asyncProperty(bounds, fc.nat(3), async ([start, end, step], copies) => {
        const out = await Source.range(start, end, step)
          .mapConcat((x) => Array.from({ length: copies }, () => x))
          .runWith(Sink.seq(), mat);
        expect(out).toEqual(
          model(start, end, step).flatMap((x) => Array.from({ length: copies }, () => x)),
        );
      }),
    );
  });

  it('spans more than one burst of the chain', async () => {
    expect(
      await Source.range(1, 5000, 2).runWith(
        Sink.fold(0, (a, x) => a + x),
        mat,
      ),
    ).toBe(2500 * 2500);
    expect(await Source.range(5000, 1, -3).runWith(Sink.seq(), mat)).toEqual(model(5000, 1, -3));
  });
});
