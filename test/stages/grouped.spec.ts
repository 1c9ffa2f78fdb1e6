import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { grouped, Materializer, Sink, sliding, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

function chunks<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/** Scala's `sliding(n, step)` on a list: the model Akka's operator follows. */
function windows<T>(xs: T[], n: number, step: number): T[][] {
  if (xs.length === 0) return [];
  if (xs.length <= n) return [xs];
  const out: T[][] = [];
  let start = 0;
  for (; start + n <= xs.length; start += step) out.push(xs.slice(start, start + n));
  const lastEnd = start - step + n;
  if (start < xs.length && xs.length > lastEnd) out.push(xs.slice(start));
  return out;
}

describe('grouped', () => {
  it('chunks like the array model, the last group shorter', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 5 }), async (xs, n) => {
        expect(await Source.from(xs).grouped(n).runWith(Sink.seq(), mat)).toEqual(chunks(xs, n));
      }),
    );
  });

  it('backpressures a full group and flushes the rest at completion', async () => {
    const [pub, sub] = flowProbes(grouped<number>(2), mat);
    sub.request(1);
    pub.sendNext(1, 2, 3);
    await sub.expectNext([1, 2]);
    await sub.expectNoMessage(0);
    pub.sendComplete();
    sub.request(1);
    await sub.expectNext([3]);
    await sub.expectComplete();
  });

  it('fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(grouped<number>(2), mat);
    const error = new TE('up');
    pub.sendNext(1).sendError(error);
    sub.request(1);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(grouped<number>(2), mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('refuses a size that is not a positive integer', () => {
    expect(() => grouped(0)).toThrow(/grouped: n must be a positive integer, got 0/);
  });
});

describe('sliding', () => {
  it('emits the windows of the Scala model for any size and step', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer({ min: 1, max: 5 }),
        async (xs, n, step) => {
          const out = await Source.from(xs).sliding(n, step).runWith(Sink.seq(), mat);
          expect(out).toEqual(windows(xs, n, step));
        },
      ),
    );
  });

  it('matches known Scala results', async () => {
    const run = (xs: number[], n: number, step: number) =>
      Source.from(xs).sliding(n, step).runWith(Sink.seq(), mat);
    expect(await run([1, 2, 3, 4, 5], 3, 2)).toEqual([
      [1, 2, 3],
      [3, 4, 5],
    ]);
    expect(await run([1, 2, 3, 4, 5, 6], 3, 2)).toEqual([
      [1, 2, 3],
      [3, 4, 5],
      [5, 6],
    ]);
    expect(await run([1, 2, 3, 4, 5, 6, 7], 2, 3)).toEqual([[1, 2], [4, 5], [7]]);
    expect(await run([1, 2], 3, 1)).toEqual([[1, 2]]);
  });

  it('backpressures and cancels', async () => {
    const [pub, sub] = flowProbes(sliding<number>(2), mat);
    sub.request(1);
    pub.sendNext(1, 2, 3);
    await sub.expectNext([1, 2]);
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext([2, 3]);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('refuses bad settings', () => {
    expect(() => sliding(2, 0)).toThrow(/sliding: step must be a positive integer, got 0/);
    expect(() => sliding(-1)).toThrow(/sliding: n must be a positive integer, got -1/);
  });
});
