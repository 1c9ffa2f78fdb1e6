import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, RateExceededError, Sink, Source, throttle } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

function probes(flow = throttle<number>(1, 100, { maximumBurst: 1 })) {
  return TestSource.probe<number>().via(flow).toMat(TestSink.probe<number>(), Keep.both).run(mat);
}

describe('throttle', () => {
  it('shapes to the rate: one element per period after the burst', async () => {
    const [pub, sub] = probes();
    sub.request(10);
    pub.sendNext(1, 2, 3);
    await sub.expectNext(1);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext(2);
    clock.advance(100);
    await sub.expectNext(3);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('lets a burst through at once after a quiet period', async () => {
    const [pub, sub] = probes(throttle<number>(1, 100, { maximumBurst: 3 }));
    sub.request(10);
    pub.sendNext(1, 2, 3, 4);
    await sub.expectNext(1, 2, 3);
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext(4);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('limits by cost', async () => {
    const [pub, sub] = probes(throttle<number>(10, 100, { maximumBurst: 10, cost: (x) => x }));
    sub.request(10);
    pub.sendNext(6, 6);
    await sub.expectNext(6);
    await sub.expectNoMessage(19);
    clock.advance(1);
    await sub.expectNext(6);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails in enforcing mode when the rate is exceeded', async () => {
    const [pub, sub] = probes(throttle<number>(1, 100, { maximumBurst: 1, mode: 'enforcing' }));
    sub.request(10);
    pub.sendNext(1, 2);
    await sub.expectNext(1);
    expect(await sub.expectError()).toBeInstanceOf(RateExceededError);
    await pub.expectCancellation();
  });

  it('emits a waiting element before completing, fails with upstream, cancels with downstream', async () => {
    const [pub, sub] = probes();
    sub.request(2);
    pub.sendNext(1, 2).sendComplete();
    await sub.expectNext(1);
    clock.advance(100);
    await sub.expectNext(2);
    await sub.expectComplete();
    const [pub2, sub2] = probes();
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
    const [pub3, sub3] = probes();
    sub3.cancel();
    await pub3.expectCancellation();
    await settle();
  });

  it('backpressures upstream while an element waits for tokens', async () => {
    const [pub, sub] = probes();
    sub.request(5);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await pub.expectRequest();
    clock.advance(50);
    pub.sendNext(2);
    await sub.expectNoMessage(49);
    expect(pub.pending).toBe(0);
    clock.advance(1);
    await sub.expectNext(2);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('refuses a negative rate, naming the parameter', () => {
    expect(() => throttle(-1, 100)).toThrow(RangeError);
    expect(() => throttle(-1, 100)).toThrow(/throttle: elements must be a positive number, got -1/);
    expect(() => throttle(1, 0)).toThrow(/throttle: perMs must be a positive number, got 0/);
    expect(() => throttle(1, 10, { maximumBurst: -2 })).toThrow(
      /throttle: maximumBurst must be a positive number/,
    );
    expect(() => throttle(1, 10, { mode: 'x' as never })).toThrow(/throttle: mode must be/);
  });

  it('works through the DSL', async () => {
    const done = Source.range(1, 3).throttle(1, 10, { maximumBurst: 1 }).runWith(Sink.seq(), mat);
    await settle();
    clock.advance(10);
    await settle();
    clock.advance(10);
    expect(await done).toEqual([1, 2, 3]);
  });
});
