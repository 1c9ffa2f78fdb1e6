import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { batchEvery } from '../../examples/custom-stages/batchEvery.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('timers on the virtual clock', () => {
  it('fires a fixed-delay timer only when the clock advances', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(batchEvery(100, 10))
      .toMat(TestSink.probe<number[]>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext(1, 2);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext([1, 2]);
    await sub.expectNoMessage(500);
    pub.sendNext(3);
    clock.advance(100);
    await sub.expectNext([3]);
    pub.sendComplete();
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it('emits a full batch at once, backpressuring until it is taken', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(batchEvery(1000, 2))
      .toMat(TestSink.probe<number[]>(), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await sub.expectNext([1, 2]);
    await pub.expectRequest();
    sub.cancel();
    await pub.expectCancellation();
  });

  it('cancels every timer when the stage fails', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(batchEvery(100, 10))
      .toMat(TestSink.probe<number[]>(), Keep.both)
      .run(mat);
    expect(clock.pendingTimers).toBe(1);
    pub.sendError(new Error('upstream broke'));
    await sub.expectError();
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires due timers in time order, deterministically', () => {
    const c = new VirtualClock();
    const order: string[] = [];
    c.schedule(20, () => order.push('b'));
    c.schedule(10, () => order.push('a'));
    c.schedule(20, () => order.push('c'));
    const cancelled = c.schedule(15, () => order.push('x'));
    expect(cancelled.cancel()).toBe(true);
    c.advance(19);
    expect(order).toEqual(['a']);
    c.advance(1);
    expect(order).toEqual(['a', 'b', 'c']);
    expect(c.now()).toBe(20);
    expect(c.pendingTimers).toBe(0);
  });
});
