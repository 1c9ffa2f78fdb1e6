import { afterEach, describe, expect, it } from 'vitest';
import { interleave, Materializer, mergeSorted, Sink, Source } from 'sluice';
import fc from 'fast-check';
import { assertAllStagesStopped, VirtualClock } from 'sluice/testkit';
import { fanIn2Probes, fanInProbes } from './junctionProbes.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('interleave', () => {
  it('takes segmentSize elements from each input in turn, then the rest of the longer', async () => {
    expect(
      await Source.from([1, 2, 3, 4, 5, 6, 7])
        .interleave(Source.from([10, 20, 30]), 2)
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2, 10, 20, 3, 4, 30, 5, 6, 7]);
  });

  it('completes at the first completed input with eagerClose', async () => {
    // Source.from completes as it emits its last element, so nothing follows 10.
    expect(
      await Source.from([1, 2, 3])
        .interleave(Source.from([10]), 1, true)
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 10]);
  });

  it('pulls only the current input (backpressure)', async () => {
    const [[a, b], sub] = fanInProbes(interleave<number>(2, 1), 2, mat);
    sub.request(1);
    await a.expectRequest();
    expect(b.pending).toBe(0);
    a.sendNext(1);
    await sub.expectNext(1);
    sub.request(1);
    await b.expectRequest();
    b.sendNext(2);
    await sub.expectNext(2);
    a.sendComplete();
    b.sendComplete();
    await sub.expectComplete();
  });

  it('fails with an input, cancels with downstream', async () => {
    const [[a, b], sub] = fanInProbes(interleave<number>(2, 1), 2, mat);
    const boom = new Error('boom');
    b.sendError(boom);
    await sub.expectError(boom);
    await a.expectCancellation();
    const [[c, d], sub2] = fanInProbes(interleave<number>(2, 1), 2, mat);
    sub2.cancel();
    await c.expectCancellation();
    await d.expectCancellation();
  });

  it('rejects bad settings', () => {
    expect(() => interleave(2, 0)).toThrow(
      'interleave: segmentSize must be a positive integer, got 0',
    );
    expect(() => interleave(0, 1)).toThrow('interleave: n must be a positive integer, got 0');
  });
});

describe('mergeSorted', () => {
  it('merges two sorted streams into one sorted stream', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.array(fc.integer()), async (xs, ys) => {
        const a = [...xs].sort((p, q) => p - q);
        const b = [...ys].sort((p, q) => p - q);
        const out = await Source.from(a).mergeSorted(Source.from(b)).runWith(Sink.seq(), mat);
        expect(out).toEqual([...a, ...b].sort((p, q) => p - q));
      }),
    );
  });

  it('waits for both inputs before deciding, and holds one element each', async () => {
    const [a, b, sub] = fanIn2Probes(mergeSorted<number>(), mat);
    sub.request(1);
    a.sendNext(1);
    await sub.expectNoMessage(10);
    b.sendNext(0);
    await sub.expectNext(0);
    sub.request(1);
    await sub.expectNoMessage(10);
    b.sendComplete();
    await sub.expectNext(1);
    a.sendComplete();
    await sub.expectComplete();
  });

  it('fails with an input, cancels with downstream', async () => {
    const [a, b, sub] = fanIn2Probes(mergeSorted<number>(), mat);
    const boom = new Error('boom');
    a.sendError(boom);
    await sub.expectError(boom);
    await b.expectCancellation();
    const [c, d, sub2] = fanIn2Probes(mergeSorted<number>(), mat);
    sub2.cancel();
    await c.expectCancellation();
    await d.expectCancellation();
  });

  it('rejects a bad comparator', () => {
    expect(() => mergeSorted(3 as never)).toThrow(
      'mergeSorted: compare must be a function, got number',
    );
  });
});
