import { describe, expect, it } from 'vitest';
import { Keep, Materializer } from 'sluice';
import {
  EventTimeSessionWindows,
  TumblingEventTimeWindows,
  Window,
  WindowMetrics,
  type WindowResult,
} from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import type { Ev } from './oracle.js';
import { sum } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

const timestamp = (e: Ev): number => e.ts;
const keyBy = (e: Ev): number => e.key;

describe('idle keys and streams', () => {
  it('closes the windows of a key quiet for closeIdleKeysAfterMs, and drops its state', async () => {
    const metrics = new WindowMetrics();
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        // No watermark: without idle closing these windows would wait for completion.
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp,
          keyBy,
          closeIdleKeysAfterMs: 1_000,
          metrics,
        }),
      )
      .toMat(TestSink.probe<WindowResult<number, number>>(), Keep.both)
      .run(mat);
    sub.request(1_000);
    for (let key = 0; key < 100; key++) pub.sendNext({ key, ts: 1, v: key });
    await sub.expectNoMessage(600);
    pub.sendNext({ key: 0, ts: 2, v: 1000 }); // key 0 stays active
    expect(metrics.keys).toBe(100);
    await sub.expectNoMessage(399);
    clock.advance(1);
    const closed = await sub.expectNextN(99);
    expect(closed.map((r) => r.key).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 99 }, (_, i) => i + 1),
    );
    expect(metrics.keys).toBe(1);
    expect(metrics.openWindows).toBe(1);
    await sub.expectNoMessage(599);
    clock.advance(1);
    await sub.expectNext({ key: 0, window: { start: 0, end: 10 }, value: 1000 });
    expect(metrics).toMatchObject({ keys: 0, openWindows: 0, idleClosedWindows: 100 });
    expect(clock.pendingTimers).toBe(0); // nothing open, no idle check armed
    pub.sendNext({ key: 7, ts: 3, v: 5 }); // a returning key opens a new window
    pub.sendComplete();
    await sub.expectNext({ key: 7, window: { start: 0, end: 10 }, value: 5 });
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it('closes every window when the stream is quiet for closeWhenStreamIdleMs', async () => {
    const metrics = new WindowMetrics();
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(EventTimeSessionWindows.withGap<Ev>(10), sum, {
          timestamp,
          keyBy,
          closeWhenStreamIdleMs: 500,
          metrics,
        }),
      )
      .toMat(TestSink.probe<WindowResult<number, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ key: 0, ts: 1, v: 1 }, { key: 1, ts: 2, v: 2 });
    await sub.expectNoMessage(300);
    pub.sendNext({ key: 0, ts: 5, v: 4 });
    await sub.expectNoMessage(499);
    clock.advance(1);
    await sub.expectNextUnordered(
      { key: 0, window: { start: 1, end: 15 }, value: 5 },
      { key: 1, window: { start: 2, end: 12 }, value: 2 },
    );
    expect(metrics).toMatchObject({ keys: 0, openWindows: 0, idleClosedWindows: 2 });
    expect(clock.pendingTimers).toBe(0);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('cancels its idle check when upstream fails', async () => {
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp,
          closeWhenStreamIdleMs: 500,
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ key: 0, ts: 1, v: 1 });
    await sub.expectNoMessage(0);
    expect(clock.pendingTimers).toBe(1);
    const boom = new Error('boom');
    pub.sendError(boom);
    await sub.expectError(boom);
    expect(clock.pendingTimers).toBe(0);
  });

  it('closes an idle stream on the real clock', async () => {
    const real = new Materializer();
    const metrics = new WindowMetrics();
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp,
          closeWhenStreamIdleMs: 5,
          metrics,
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(real);
    sub.request(10);
    pub.sendNext({ key: 0, ts: 1, v: 1 });
    expect((await sub.expectNextAny()).value).toBe(1); // the input is still open
    expect(metrics.idleClosedWindows).toBe(1);
    pub.sendComplete();
    await sub.expectComplete();
    assertAllStagesStopped(real);
  });

  it('refuses a bad duration, or grace with idle closing', () => {
    const tumbling = TumblingEventTimeWindows.of<Ev>(10);
    expect(() => Window.aggregate(tumbling, sum, { timestamp, closeIdleKeysAfterMs: 0 })).toThrow(
      /Window\.aggregate: closeIdleKeysAfterMs must be a positive number of milliseconds, got 0/,
    );
    expect(() =>
      Window.aggregate(tumbling, sum, { timestamp, closeWhenStreamIdleMs: 10, graceMs: 5 }),
    ).toThrow(/graceMs works with the default trigger only, not with closeWhenStreamIdleMs/);
  });
});
