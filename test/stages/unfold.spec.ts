import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Source.unfold', () => {
  it('emits until the function returns undefined', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(20), async (n) => {
        const out = await Source.unfold(0, (i) =>
          i < n ? ([i + 1, i * i] as const) : undefined,
        ).runWith(Sink.seq(), mat);
        expect(out).toEqual(Array.from({ length: n }, (_, i) => i * i));
      }),
    );
  });

  it('computes only on demand, and stops when cancelled', async () => {
    let calls = 0;
    const sub = Source.unfold(0, (i) => {
      calls++;
      return [i + 1, i] as const;
    }).runWith(TestSink.probe<number>(), mat);
    await sub.expectNoMessage(0);
    expect(calls).toBe(0);
    sub.request(2);
    await sub.expectNext(0, 1);
    expect(calls).toBe(2);
    sub.cancel();
    await settle();
  });

  it('fails when the function throws, and refuses a non-function', async () => {
    await expect(
      Source.unfold(0, () => {
        throw new TE('step');
      }).runWith(Sink.seq(), mat),
    ).rejects.toThrow('step');
    expect(() => Source.unfold(0, 1 as never)).toThrow(/Source.unfold: f must be a function/);
  });
});

describe('Source.unfoldAsync', () => {
  it('emits the resolved steps in order, one in flight at a time', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    const out = await Source.unfoldAsync(0, async (i) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await settle(1);
      inFlight--;
      return i < 5 ? ([i + 1, i] as const) : undefined;
    }).runWith(Sink.seq(), mat);
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(maxInFlight).toBe(1);
  });

  it('fails on a rejected step, and refuses a non-function', async () => {
    await expect(
      Source.unfoldAsync(0, () => Promise.reject(new TE('async step'))).runWith(Sink.seq(), mat),
    ).rejects.toThrow('async step');
    expect(() => Source.unfoldAsync(0, null as never)).toThrow(
      /Source.unfoldAsync: f must be a function/,
    );
  });

  it('stops on cancel', async () => {
    const sub = Source.unfoldAsync(0, (i) => Promise.resolve([i + 1, i] as const)).runWith(
      TestSink.probe<number>(),
      mat,
    );
    sub.request(1);
    await sub.expectNext(0);
    sub.cancel();
    await settle();
  });
});

describe('Source.cycle', () => {
  it('repeats the iterable, calling the factory again each round', async () => {
    let rounds = 0;
    const out = await Source.cycle(() => {
      rounds++;
      return new Set([1, 2, 3]);
    })
      .take(7)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3, 1, 2, 3, 1]);
    expect(rounds).toBe(3);
  });

  it('fails on an empty iterable and refuses a non-function', async () => {
    await expect(Source.cycle(() => []).runWith(Sink.seq(), mat)).rejects.toThrow(
      /^cycle#1: cannot cycle an empty iterable/,
    );
    expect(() => Source.cycle([1] as never)).toThrow(
      /Source.cycle: f must be a function, got object/,
    );
  });

  it('emits only on demand', async () => {
    const [, sub] = Source.cycle(() => [1, 2])
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(3);
    await sub.expectNext(1, 2, 1);
    await sub.expectNoMessage(0);
    sub.cancel();
    await settle();
  });
});
