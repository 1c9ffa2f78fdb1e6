import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, VirtualClock } from 'sluice/testkit';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Source.tick', () => {
  it('emits after the initial delay, then every interval', async () => {
    const [cancellable, sub] = Source.tick(50, 100, 'tick')
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    sub.request(3);
    await sub.expectNoMessage(49);
    clock.advance(1);
    await sub.expectNext('tick');
    clock.advance(100);
    await sub.expectNext('tick');
    expect(cancellable.cancel()).toBe(true);
    await sub.expectComplete();
    expect(cancellable.isCancelled).toBe(true);
    expect(cancellable.cancel()).toBe(false);
  });

  it('drops ticks that find no demand', async () => {
    const [cancellable, sub] = Source.tick(0, 100, 1)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await settle();
    clock.advance(350);
    sub.request(1);
    await sub.expectNoMessage(49);
    clock.advance(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(200);
    cancellable.cancel();
    await sub.expectComplete();
  });

  it('stops its timer when downstream cancels', async () => {
    const sub = Source.tick(0, 10, 1).runWith(TestSink.probe<number>(), mat);
    sub.cancel();
    await settle();
    expect(clock.pendingTimers).toBe(0);
  });

  it('refuses bad settings', () => {
    expect(() => Source.tick(-1, 10, 1)).toThrow(
      /Source.tick: initialDelayMs must be a non-negative number/,
    );
    expect(() => Source.tick(0, 0, 1)).toThrow(/Source.tick: intervalMs must be positive, got 0/);
    expect(() => Source.tick(0, 1, undefined)).toThrow(
      /Source.tick: element must not be undefined/,
    );
  });
});
