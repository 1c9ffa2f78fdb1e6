import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import {
  EventTimeSessionWindows,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  WindowMetrics,
} from 'sluice/cep';
import type { Ev } from './oracle.js';
import { sum } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const options = {
  timestamp: (e: Ev): number => e.ts,
  keyBy: (e: Ev): number => e.key,
  watermark: WatermarkStrategy.forBoundedOutOfOrderness<Ev>(3).withIntervalMs(0),
};

// Timers mostly arrive in time order (appended to a FIFO) and some out of order (a heap): many
// thousands of windows, against the sums computed directly.
describe('window timers in and out of order', () => {
  it('fires 10,000 tumbling windows in time order, with late-ish elements mixed in', async () => {
    const events: Ev[] = [];
    for (let i = 0; i < 20_000; i++)
      events.push({ key: i % 7, ts: i - (i % 5 === 0 ? 3 : 0), v: 1 });
    const metrics = new WindowMetrics();
    const out = await Source.from(events)
      .via(Window.aggregate(TumblingEventTimeWindows.of<Ev>(2), sum, { ...options, metrics }))
      .runWith(Sink.seq(), mat);
    const want = new Map<string, number>();
    for (const e of events) {
      const id = `${e.key}/${Math.floor(e.ts / 2) * 2}`;
      want.set(id, (want.get(id) ?? 0) + 1);
    }
    const got = new Map(out.map((r) => [`${r.key}/${r.window.start}`, r.value]));
    expect(got).toEqual(want);
    expect(metrics.lateElements).toBe(0);
    // Fired in time order: each result's window ends no earlier than the previous one's, but for
    // the few opened out of order.
    let backwards = 0;
    for (let i = 1; i < out.length; i++) {
      if ((out[i]?.window.end ?? 0) < (out[i - 1]?.window.end ?? 0)) backwards++;
    }
    expect(backwards).toBe(0);
  });

  it('re-arms growing sessions thousands of times and fires each once', async () => {
    const events = Array.from({ length: 30_000 }, (_, i) => ({ key: i % 3, ts: i * 2, v: 1 }));
    const out = await Source.from(events)
      .via(Window.aggregate(EventTimeSessionWindows.withGap<Ev>(10), sum, options))
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.key, r.value])).toEqual([
      [0, 10_000],
      [1, 10_000],
      [2, 10_000],
    ]);
  });

  it('keeps thousands of timers queued at once (3,000 keys)', async () => {
    const events = Array.from({ length: 30_000 }, (_, i) => ({ key: i % 3_000, ts: i, v: i }));
    const out = await Source.from(events)
      .via(Window.aggregate(TumblingEventTimeWindows.of<Ev>(6_000), sum, options))
      .runWith(Sink.seq(), mat);
    expect(out).toHaveLength(15_000); // 5 windows per key, 2 events each
    expect(out.reduce((s, r) => s + r.value, 0)).toBe((30_000 * 29_999) / 2);
    expect(out.every((r, i) => i === 0 || r.window.end >= (out[i - 1]?.window.end ?? 0))).toBe(
      true,
    );
  });
});
