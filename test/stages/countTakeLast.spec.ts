import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Sink.count', () => {
  it('counts the elements against an array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        expect(await Source.from(xs).runWith(Sink.count(), mat)).toBe(xs.length);
      }),
      { numRuns: 30 },
    );
  });

  it('demands continuously, and rejects on failure', async () => {
    const [pub, result] = TestSource.probe<number>().toMat(Sink.count(), Keep.both).run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    pub.sendNext(2);
    pub.sendComplete();
    expect(await result).toBe(2);
    const boom = new TE('up');
    await expect(Source.failed<number>(boom).runWith(Sink.count(), mat)).rejects.toBe(boom);
  });
});

describe('Sink.takeLast', () => {
  it('keeps the last n elements against an array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 10 }), async (xs, n) => {
        expect(await Source.from(xs).runWith(Sink.takeLast(n), mat)).toEqual(
          xs.slice(Math.max(0, xs.length - n)),
        );
      }),
      { numRuns: 50 },
    );
  });

  it('resolves [] on an empty stream, rejects on failure', async () => {
    expect(await Source.empty<number>().runWith(Sink.takeLast(3), mat)).toEqual([]);
    const boom = new TE('up');
    const [pub, result] = TestSource.probe<number>().toMat(Sink.takeLast(2), Keep.both).run(mat);
    pub.sendNext(1);
    pub.sendError(boom);
    await expect(result).rejects.toBe(boom);
  });

  it('rejects a non-positive n', () => {
    expect(() => Sink.takeLast(0)).toThrow('Sink.takeLast: n must be a positive integer, got 0');
    expect(() => Sink.takeLast(1.5)).toThrow(RangeError);
  });
});
