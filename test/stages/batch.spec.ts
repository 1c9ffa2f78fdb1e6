import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  batch,
  batchWeighted,
  conflate,
  conflateWithSeed,
  Materializer,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const toArray = (x: number): number[] => [x];
const append = (xs: number[], x: number): number[] => [...xs, x];

describe('batch', () => {
  it('loses nothing and keeps order, whatever the demand', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 20 }),
        fc.integer({ min: 1, max: 4 }),
        async (xs, max) => {
          const out = await Source.from(xs).batch(max, toArray, append).runWith(Sink.seq(), mat);
          expect(out.flat()).toEqual(xs);
          expect(out.every((b) => b.length <= max)).toBe(true);
        },
      ),
    );
  });

  it('aggregates while downstream is slow and backpressures at max', async () => {
    const [pub, sub] = flowProbes(batch(2, toArray, append), mat);
    pub.sendNext(1, 2, 3, 4);
    await settle();
    expect(pub.pending).toBe(0);
    sub.request(1);
    await sub.expectNext([1, 2]);
    await settle();
    sub.request(1);
    await sub.expectNext([3, 4]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream, cancels with downstream, refuses bad settings', async () => {
    const [pub, sub] = flowProbes(batch(2, toArray, append), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(batch(2, toArray, append), mat);
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => batch(0, toArray, append)).toThrow(/batch: max must be a positive integer, got 0/);
  });
});

describe('batchWeighted', () => {
  it('closes a batch when the next element would pass the weight, keeping it for the next', async () => {
    const [pub, sub] = flowProbes(
      batchWeighted(
        5,
        (s: string) => s.length,
        (s) => [s],
        (acc: string[], s) => [...acc, s],
      ),
      mat,
    );
    pub.sendNext('ab', 'cd', 'efg', 'h');
    await settle();
    sub.request(1);
    await sub.expectNext(['ab', 'cd']);
    await settle();
    sub.request(1);
    await sub.expectNext(['efg', 'h']);
    pub.sendComplete();
    await sub.expectComplete();
    expect(() => batchWeighted(1, 1 as never, toArray, append)).toThrow(
      /batchWeighted: cost must be a function/,
    );
  });
});

describe('conflate', () => {
  it('never backpressures and sums what downstream had no time for', async () => {
    const [pub, sub] = flowProbes(
      conflate((a: number, b: number) => a + b),
      mat,
    );
    for (let i = 1; i <= 4; i++) {
      await pub.expectRequest();
      pub.sendNext(i);
    }
    await pub.expectRequest();
    sub.request(1);
    await sub.expectNext(10);
    pub.sendNext(5).sendComplete();
    sub.request(1);
    await sub.expectNext(5);
    await sub.expectComplete();
  });

  it('passes every element through when downstream keeps up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const out = await Source.from(xs)
          .conflate((a, b) => a + b)
          .runWith(Sink.seq(), mat);
        expect(out.reduce((a, b) => a + b, 0)).toBe(xs.reduce((a, b) => a + b, 0));
      }),
    );
  });

  it('conflateWithSeed seeds a different type, and refuses bad settings', async () => {
    const [pub, sub] = flowProbes(
      conflateWithSeed(
        (x: number) => new Set([x]),
        (s, x) => s.add(x),
      ),
      mat,
    );
    pub.sendNext(1, 2, 1);
    await settle();
    sub.request(1);
    await sub.expectNext(new Set([1, 2]));
    sub.cancel();
    await pub.expectCancellation();
    expect(() => conflate(1 as never)).toThrow(/conflate: aggregate must be a function/);
    expect(() => conflateWithSeed(toArray, 1 as never)).toThrow(
      /conflateWithSeed: aggregate must be a function/,
    );
  });
});
