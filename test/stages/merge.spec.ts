import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, merge, mergePreferred, mergePrioritized, Sink, Source } from 'sluice';
import { assertAllStagesStopped, VirtualClock } from 'sluice/testkit';
import { fanInProbes } from './junctionProbes.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('merge', () => {
  it('passes the elements of every input', async () => {
    const [[a, b], sub] = fanInProbes(merge<number>(2), 2, mat);
    sub.request(2);
    a.sendNext(1);
    b.sendNext(2);
    await sub.expectNextUnordered(1, 2);
    a.sendComplete();
    b.sendComplete();
    await sub.expectComplete();
  });

  it('completes only when all inputs complete, or at the first with eagerComplete', async () => {
    const [[a, b], sub] = fanInProbes(merge<number>(2), 2, mat);
    sub.request(5);
    a.sendComplete();
    await sub.expectNoMessage(10);
    b.sendNext(7).sendComplete();
    await sub.expectNext(7);
    await sub.expectComplete();

    const [[c, d], eager] = fanInProbes(merge<number>(2, true), 2, mat);
    eager.request(1);
    c.sendComplete();
    await eager.expectComplete();
    await d.expectCancellation();
  });

  it('fails when an input fails and cancels the others', async () => {
    const [[a, b], sub] = fanInProbes(merge<number>(2), 2, mat);
    const boom = new Error('boom');
    a.sendError(boom);
    await sub.expectError(boom);
    await b.expectCancellation();
  });

  it('cancels every input when downstream cancels', async () => {
    const [[a, b], sub] = fanInProbes(merge<number>(2), 2, mat);
    sub.cancel();
    await a.expectCancellation();
    await b.expectCancellation();
  });

  it('backpressures: each input holds at most one element until downstream asks', async () => {
    const [[a, b], sub] = fanInProbes(merge<number>(2), 2, mat);
    expect(await a.expectRequest()).toBe(1);
    expect(await b.expectRequest()).toBe(1);
    a.sendNext(1);
    b.sendNext(2);
    a.sendNext(3);
    await sub.expectNoMessage(10);
    // Only one pull per input is outstanding: the third element waits in the probe.
    expect(a.pending).toBe(0);
    sub.request(1);
    await sub.expectNext(1);
    sub.request(2);
    await sub.expectNext(2, 3);
    a.sendComplete();
    b.sendComplete();
    await sub.expectComplete();
  });

  it('rejects a bad input count', () => {
    expect(() => merge(0)).toThrow(new RangeError('merge: n must be a positive integer, got 0'));
  });

  it('merges sources fluently, as a multiset of both inputs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.array(fc.integer()), async (xs, ys) => {
        const out = await Source.from(xs).merge(Source.from(ys)).runWith(Sink.seq(), mat);
        expect([...out].sort((p, q) => p - q)).toEqual([...xs, ...ys].sort((p, q) => p - q));
      }),
    );
  });

  it('sees a synchronous input again before choosing for the next pull: inputs alternate', async () => {
    // The input just emitted is pulled again before its element is pushed, so its next element
    // waits beside the other input's when downstream pulls next.
    const out = await Source.from([1, 2, 3, 4])
      .merge(Source.from([10, 20, 30, 40]))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 10, 2, 20, 3, 30, 4, 40]);
  });

  it('keeps each input in its own order', async () => {
    const out = await Source.range(1, 50).merge(Source.range(101, 150)).runWith(Sink.seq(), mat);
    expect(out.filter((x) => x <= 50)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(out.filter((x) => x > 100)).toEqual(Array.from({ length: 50 }, (_, i) => i + 101));
  });
});

describe('mergePreferred', () => {
  it('serves the preferred input first when both wait', async () => {
    const [[preferred, other], sub] = fanInProbes(mergePreferred<number>(1), 2, mat);
    other.sendNext(1);
    preferred.sendNext(10);
    await sub.expectNoMessage(10);
    sub.request(1);
    await sub.expectNext(10);
    preferred.sendNext(11);
    await sub.expectNoMessage(10);
    sub.request(2);
    await sub.expectNext(11, 1);
    preferred.sendComplete();
    other.sendComplete();
    await sub.expectComplete();
  });

  it('fails with an input and cancels with downstream', async () => {
    const [[p, o], sub] = fanInProbes(mergePreferred<number>(1), 2, mat);
    const boom = new Error('boom');
    o.sendError(boom);
    await sub.expectError(boom);
    await p.expectCancellation();
    const [[p2, o2], sub2] = fanInProbes(mergePreferred<number>(1), 2, mat);
    sub2.cancel();
    await p2.expectCancellation();
    await o2.expectCancellation();
  });

  it('drains a synchronous preferred input first: its next element is there for every pull', async () => {
    const mine = await Source.from([1, 2, 3])
      .mergePreferred(Source.from([10, 20, 30]), false)
      .runWith(Sink.seq(), mat);
    expect(mine).toEqual([1, 2, 3, 10, 20, 30]);
    const theirs = await Source.from([1, 2, 3])
      .mergePreferred(Source.from([10, 20, 30]), true)
      .runWith(Sink.seq(), mat);
    expect(theirs).toEqual([10, 20, 30, 1, 2, 3]);
  });

  it('prefers `that` fluently when asked to', async () => {
    const out = await Source.from([1, 2, 3])
      .mergePreferred(Source.from([10, 20, 30]), true)
      .runWith(Sink.seq(), mat);
    expect([...out].sort((a, b) => a - b)).toEqual([1, 2, 3, 10, 20, 30]);
  });

  it('rejects a bad port count', () => {
    expect(() => mergePreferred(0)).toThrow(
      'mergePreferred: secondaryPorts must be a positive integer, got 0',
    );
  });
});

describe('mergePrioritized', () => {
  it('serves waiting inputs in proportion to their priorities', async () => {
    const out = await Source.repeat(1)
      .take(400)
      .mergePrioritized(Source.repeat(2).take(400), 3, 1)
      .take(400)
      .runWith(Sink.seq(), mat);
    const ones = out.filter((x) => x === 1).length;
    expect(ones).toBeGreaterThanOrEqual(290);
    expect(ones).toBeLessThanOrEqual(310);
  });

  it('completes when all inputs complete, fails with an input', async () => {
    const [[a, b], sub] = fanInProbes(mergePrioritized<number>([1, 2]), 2, mat);
    sub.request(3);
    a.sendNext(1).sendComplete();
    b.sendNext(2).sendComplete();
    await sub.expectNextUnordered(1, 2);
    await sub.expectComplete();
    const [[c, d], sub2] = fanInProbes(mergePrioritized<number>([1, 2]), 2, mat);
    const boom = new Error('boom');
    d.sendError(boom);
    await sub2.expectError(boom);
    await c.expectCancellation();
  });

  it('rejects bad priorities', () => {
    expect(() => mergePrioritized([])).toThrow('mergePrioritized: priorities must not be empty');
    expect(() => mergePrioritized([1, 0])).toThrow(
      'mergePrioritized: priorities must be positive integers, got 0',
    );
  });
});
