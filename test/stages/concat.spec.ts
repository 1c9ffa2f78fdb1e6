import { afterEach, describe, expect, it } from 'vitest';
import { concat, Keep, Materializer, orElse, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { fanInProbes } from './junctionProbes.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('concat', () => {
  it('emits the inputs one after the other', async () => {
    expect(
      await Source.from([1, 2])
        .concat(Source.from([3, 4]))
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2, 3, 4]);
  });

  it('pulls an input only once the ones before it completed', async () => {
    const [[a, b], sub] = fanInProbes(concat<number>(2), 2, mat);
    sub.request(1);
    await a.expectRequest();
    a.sendNext(1);
    await sub.expectNext(1);
    sub.request(2);
    await a.expectRequest();
    expect(b.pending).toBe(0);
    a.sendComplete();
    await b.expectRequest();
    b.sendNext(2).sendComplete();
    await sub.expectNext(2);
    await sub.expectComplete();
  });

  it('skips a later input that completed early', async () => {
    const [[a, b, c], sub] = fanInProbes(concat<number>(3), 3, mat);
    b.sendComplete();
    sub.request(3);
    a.sendNext(1).sendComplete();
    await sub.expectNext(1);
    c.sendNext(3).sendComplete();
    await sub.expectNext(3);
    await sub.expectComplete();
  });

  it('fails with the current input and cancels the others', async () => {
    const [[a, b], sub] = fanInProbes(concat<number>(2), 2, mat);
    const boom = new Error('boom');
    a.sendError(boom);
    await sub.expectError(boom);
    await b.expectCancellation();
  });

  it('fails for a later input only when its turn comes', async () => {
    const [[a, b], sub] = fanInProbes(concat<number>(2), 2, mat);
    const boom = new Error('boom');
    b.sendError(boom);
    sub.request(2);
    await a.expectRequest();
    a.sendNext(1);
    await sub.expectNext(1);
    a.sendComplete();
    await sub.expectError(boom);
    expect(
      await Source.from([1, 2])
        .concat(Source.failed<number>(boom))
        .recover(() => 3)
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2, 3]);
  });

  it('cancels every input when downstream cancels', async () => {
    const [[a, b], sub] = fanInProbes(concat<number>(2), 2, mat);
    sub.cancel();
    await a.expectCancellation();
    await b.expectCancellation();
  });

  it('rejects a bad input count', () => {
    expect(() => concat(0)).toThrow('concat: n must be a positive integer, got 0');
  });
});

describe('prepend', () => {
  it('emits the prepended source first', async () => {
    expect(
      await Source.from([3, 4])
        .prepend(Source.from([1, 2]))
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2, 3, 4]);
  });

  it('cancels both sources with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .prepend(Source.from([1, 2]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await sub.expectNext(1);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('fails when the prepended source fails', async () => {
    const boom = new Error('boom');
    await expect(
      Source.from([3]).prepend(Source.failed<number>(boom)).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });
});

describe('orElse', () => {
  it('passes the primary and cancels the secondary once the primary emitted', async () => {
    const [[primary, secondary], sub] = fanInProbes(orElse<number>(), 2, mat);
    sub.request(1);
    primary.sendNext(1);
    await sub.expectNext(1);
    await secondary.expectCancellation();
    primary.sendComplete();
    await sub.expectComplete();
  });

  it('switches to the secondary when the primary completes empty', async () => {
    expect(
      await Source.empty<number>()
        .orElse(Source.from([7, 8]))
        .runWith(Sink.seq(), mat),
    ).toEqual([7, 8]);
    const [[primary, secondary], sub] = fanInProbes(orElse<number>(), 2, mat);
    secondary.sendComplete();
    sub.request(1);
    primary.sendComplete();
    await sub.expectComplete();
  });

  it('fails with the primary, cancels both with downstream', async () => {
    const [[primary, secondary], sub] = fanInProbes(orElse<number>(), 2, mat);
    const boom = new Error('boom');
    primary.sendError(boom);
    await sub.expectError(boom);
    await secondary.expectCancellation();
    const [[p2, s2], sub2] = fanInProbes(orElse<number>(), 2, mat);
    sub2.cancel();
    await p2.expectCancellation();
    await s2.expectCancellation();
  });

  it('backpressures the primary until downstream asks', async () => {
    const [[primary, secondary], sub] = fanInProbes(orElse<number>(), 2, mat);
    await sub.expectNoMessage(10);
    expect(primary.pending).toBe(0);
    sub.request(1);
    expect(await primary.expectRequest()).toBe(1);
    primary.sendNext(1).sendComplete();
    await sub.expectNext(1);
    await sub.expectComplete();
    await secondary.expectCancellation();
  });
});
