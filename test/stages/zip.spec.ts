import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  concat,
  Materializer,
  merge,
  Sink,
  Source,
  zip,
  zipAll,
  zipLatest,
  zipWith,
  zipWithN,
} from 'sluice';
import { assertAllStagesStopped, VirtualClock } from 'sluice/testkit';
import { fanIn2Probes, fanInProbes } from './junctionProbes.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('zip', () => {
  it('pairs elements like the array model, stopping at the shorter input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.array(fc.string()), async (xs, ys) => {
        const out = await Source.from(xs).zip(Source.from(ys)).runWith(Sink.seq(), mat);
        const n = Math.min(xs.length, ys.length);
        expect(out).toEqual(xs.slice(0, n).map((x, i) => [x, ys[i]]));
      }),
    );
  });

  it('backpressures a side that delivered until the other delivers', async () => {
    const [a, b, sub] = fanIn2Probes(zip<number, string>(), mat);
    sub.request(1);
    await a.expectRequest();
    await b.expectRequest();
    a.sendNext(1);
    a.sendNext(2);
    await sub.expectNoMessage(10);
    b.sendNext('x');
    await sub.expectNext([1, 'x']);
    await sub.expectNoMessage(10);
    sub.request(1);
    b.sendNext('y');
    await sub.expectNext([2, 'y']);
    a.sendComplete();
    await sub.expectComplete();
    await b.expectCancellation();
  });

  it('completes after using the element a completed side left', async () => {
    const [a, b, sub] = fanIn2Probes(zip<number, string>(), mat);
    sub.request(1);
    a.sendNext(1).sendComplete();
    await sub.expectNoMessage(10);
    b.sendNext('x');
    await sub.expectNext([1, 'x']);
    await sub.expectComplete();
  });

  it('fails with an input, cancels with downstream', async () => {
    const [a, b, sub] = fanIn2Probes(zip<number, number>(), mat);
    const boom = new Error('boom');
    b.sendError(boom);
    await sub.expectError(boom);
    await a.expectCancellation();
    const [c, d, sub2] = fanIn2Probes(zip<number, number>(), mat);
    sub2.cancel();
    await c.expectCancellation();
    await d.expectCancellation();
  });
});

describe('zipWith', () => {
  it('combines with f', async () => {
    expect(
      await Source.from([1, 2, 3])
        .zipWith(Source.from([10, 20]), (a, b) => a + b)
        .runWith(Sink.seq(), mat),
    ).toEqual([11, 22]);
  });

  it('fails when f throws, and rejects a non-function', async () => {
    const boom = new Error('boom');
    await expect(
      Source.single(1)
        .zipWith(Source.single(2), () => {
          throw boom;
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(() => zipWith(1 as never)).toThrow('zipWith: f must be a function, got number');
  });
});

describe('zipLatest', () => {
  it('emits the latest of each side on every new element, after both delivered', async () => {
    const [a, b, sub] = fanIn2Probes(zipLatest<number, string>(), mat);
    sub.request(10);
    a.sendNext(1);
    await sub.expectNoMessage(10);
    b.sendNext('x');
    await sub.expectNext([1, 'x']);
    a.sendNext(2);
    await sub.expectNext([2, 'x']);
    b.sendNext('y');
    await sub.expectNext([2, 'y']);
    a.sendComplete();
    await sub.expectComplete();
    await b.expectCancellation();
  });

  it('backpressures an input until its latest element was emitted', async () => {
    const [a, b, sub] = fanIn2Probes(zipLatest<number, string>(), mat);
    await a.expectRequest();
    await b.expectRequest();
    a.sendNext(1);
    b.sendNext('x');
    await sub.expectNoMessage(10);
    expect(a.pending).toBe(0);
    sub.request(1);
    await sub.expectNext([1, 'x']);
    expect(await a.expectRequest()).toBe(1);
    a.sendComplete();
    await sub.expectComplete();
  });

  it('fails with an input, cancels with downstream', async () => {
    const [a, b, sub] = fanIn2Probes(zipLatest<number, number>(), mat);
    const boom = new Error('boom');
    a.sendError(boom);
    await sub.expectError(boom);
    await b.expectCancellation();
    const [c, d, sub2] = fanIn2Probes(zipLatest<number, number>(), mat);
    sub2.cancel();
    await c.expectCancellation();
    await d.expectCancellation();
  });

  it('works fluently, and zipLatestWith combines with f', async () => {
    const out = await Source.single(1).zipLatest(Source.single('a')).runWith(Sink.seq(), mat);
    expect(out).toEqual([[1, 'a']]);
    const sum = await Source.single(1)
      .zipLatestWith(Source.single(2), (x, y) => x + y)
      .runWith(Sink.seq(), mat);
    expect(sum).toEqual([3]);
  });
});

describe('zipAll', () => {
  it('pads the shorter side with its default like the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.array(fc.integer()), async (xs, ys) => {
        const out = await Source.from(xs).zipAll(Source.from(ys), -1, -2).runWith(Sink.seq(), mat);
        const n = Math.max(xs.length, ys.length);
        expect(out).toEqual(Array.from({ length: n }, (_, i) => [xs[i] ?? -1, ys[i] ?? -2]));
      }),
    );
  });

  it('backpressures, fails with an input, cancels with downstream', async () => {
    const [a, b, sub] = fanIn2Probes(zipAll<number, number>(0, 0), mat);
    await sub.expectNoMessage(10);
    expect(a.pending + b.pending).toBe(0);
    sub.request(1);
    await a.expectRequest();
    const boom = new Error('boom');
    a.sendError(boom);
    await sub.expectError(boom);
    await b.expectCancellation();
    const [c, d, sub2] = fanIn2Probes(zipAll<number, number>(0, 0), mat);
    sub2.cancel();
    await c.expectCancellation();
    await d.expectCancellation();
  });
});

describe('zipWithN and Source.zipN', () => {
  it('zips any number of sources', async () => {
    expect(
      await Source.zipN([Source.from([1, 2]), Source.from([3, 4, 5]), Source.from([6, 7])]).runWith(
        Sink.seq(),
        mat,
      ),
    ).toEqual([
      [1, 3, 6],
      [2, 4, 7],
    ]);
    expect(
      await Source.zipWithN(
        (xs: number[]) => xs.reduce((s, x) => s + x, 0),
        [Source.single(1), Source.single(2)],
      ).runWith(Sink.seq(), mat),
    ).toEqual([3]);
  });

  it('completes with any input, fails with any input, cancels with downstream', async () => {
    const [[a, b, c], sub] = fanInProbes(
      zipWithN((xs: number[]) => xs.length, 3),
      3,
      mat,
    );
    sub.request(1);
    b.sendComplete();
    await sub.expectComplete();
    await a.expectCancellation();
    await c.expectCancellation();
    const [[d, e], sub2] = fanInProbes(
      zipWithN((xs: number[]) => xs.length, 2),
      2,
      mat,
    );
    const boom = new Error('boom');
    e.sendError(boom);
    await sub2.expectError(boom);
    await d.expectCancellation();
    const [[f, g], sub3] = fanInProbes(
      zipWithN((xs: number[]) => xs.length, 2),
      2,
      mat,
    );
    sub3.cancel();
    await f.expectCancellation();
    await g.expectCancellation();
  });

  it('rejects bad settings', () => {
    expect(() => zipWithN((xs: number[]) => xs, 0)).toThrow(
      'zipWithN: n must be a positive integer, got 0',
    );
    expect(() => Source.zipN([])).toThrow('Source.zipWithN: sources.length must be a positive');
  });
});

describe('Source.combine', () => {
  it('fans sources in through the given junction', async () => {
    const merged = await Source.combine(
      [Source.from([1, 2]), Source.from([3]), Source.from([4, 5])],
      (n) => merge<number>(n),
    ).runWith(Sink.seq(), mat);
    expect([...merged].sort()).toEqual([1, 2, 3, 4, 5]);
    const concatenated = await Source.combine([Source.from([1, 2]), Source.from([3])], (n) =>
      concat<number>(n),
    ).runWith(Sink.seq(), mat);
    expect(concatenated).toEqual([1, 2, 3]);
  });

  it('rejects an empty list', () => {
    expect(() => Source.combine([], (n) => merge<number>(n))).toThrow(
      'Source.combine: sources must not be empty, got 0 sources',
    );
  });
});
