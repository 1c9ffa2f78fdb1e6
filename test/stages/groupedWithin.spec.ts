import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type Flow,
  groupedWeightedWithin,
  groupedWithin,
  Keep,
  Materializer,
  type NotUsed,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

function probes<T>(flow: Flow<T, T[], NotUsed> = groupedWithin<T>(3, 100)) {
  return TestSource.probe<T>().via(flow).toMat(TestSink.probe<T[]>(), Keep.both).run(mat);
}

describe('groupedWithin', () => {
  it('without time passing, groups like grouped(n)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 5 }), async (xs, n) => {
        const out = await Source.from(xs).groupedWithin(n, 1000).runWith(Sink.seq(), mat);
        expect(out.flat()).toEqual(xs);
        expect(out.every((g) => g.length > 0 && g.length <= n)).toBe(true);
        expect(out.slice(0, -1).every((g) => g.length === n)).toBe(true);
      }),
    );
  });

  it('emits a partial group when the interval passes, never an empty one', async () => {
    const [pub, sub] = probes<number>();
    sub.request(10);
    pub.sendNext(1, 2);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext([1, 2]);
    await sub.expectNoMessage(500);
    pub.sendNext(3);
    await settle();
    clock.advance(100);
    await sub.expectNext([3]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('emits a full group at once and restarts the interval from that emission', async () => {
    const [pub, sub] = probes<number>();
    sub.request(10);
    await settle();
    clock.advance(60);
    pub.sendNext(1, 2, 3);
    await sub.expectNext([1, 2, 3]);
    pub.sendNext(4);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext([4]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('holds a full group until demand without pulling upstream, then pushes an overdue one on demand', async () => {
    const [pub, sub] = probes<number>();
    pub.sendNext(1, 2, 3);
    await settle();
    expect(pub.pending).toBe(0);
    sub.request(1);
    await sub.expectNext([1, 2, 3]);
    pub.sendNext(4);
    await settle();
    clock.advance(100);
    await settle();
    sub.request(1);
    await sub.expectNext([4]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('flushes the rest at completion, fails with upstream, cancels with downstream', async () => {
    const [pub, sub] = probes<number>();
    pub.sendNext(1).sendComplete();
    sub.request(1);
    await sub.expectNext([1]);
    await sub.expectComplete();
    const [pub2, sub2] = probes<number>();
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
    const [pub3, sub3] = probes<number>();
    sub3.cancel();
    await pub3.expectCancellation();
    await settle();
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses bad settings', () => {
    expect(() => groupedWithin(0, 10)).toThrow(
      /groupedWithin: maxNumber must be a positive integer, got 0/,
    );
    expect(() => groupedWithin(1, -5)).toThrow(
      /groupedWithin: intervalMs must be a positive integer, got -5/,
    );
  });
});

describe('groupedWeightedWithin', () => {
  it('closes a group before the element that would pass the weight', async () => {
    const [pub, sub] = probes<string>(groupedWeightedWithin<string>(5, 100, (s) => s.length));
    sub.request(10);
    pub.sendNext('ab', 'cd', 'ef', 'toolongforany');
    await sub.expectNext(['ab', 'cd']);
    await sub.expectNext(['ef']);
    await sub.expectNext(['toolongforany']);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('also bounds the count, and refuses bad settings', async () => {
    const out = await Source.from([1, 1, 1, 1, 1])
      .groupedWeightedWithin(100, 1000, (x) => x, 2)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([[1, 1], [1, 1], [1]]);
    expect(() => groupedWeightedWithin(0, 10, () => 1)).toThrow(
      /groupedWeightedWithin: maxWeight must be a positive integer, got 0/,
    );
  });
});
