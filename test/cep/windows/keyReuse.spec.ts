import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import {
  EventTimeSessionWindows,
  TumblingEventTimeWindows,
  Window,
  WindowMetrics,
} from 'sluice/cep';
import type { Ev } from './oracle.js';
import { perElement, runSums, sum } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const options = (metrics: WindowMetrics) => ({
  timestamp: (e: Ev): number => e.ts,
  keyBy: (e: Ev): number => e.key,
  watermark: perElement(0),
  metrics,
});

// A key whose last window closed keeps its entry (and its states, for its next window) for a
// while; keys that never return must not pile up.
describe('window state of emptied keys', () => {
  it('drops keys that never return within two sweeps: at most 2 * 1024 kept', async () => {
    const n = 30_000;
    const events = Array.from({ length: n }, (_, i): Ev => ({ key: i, ts: i, v: 1 }));
    const metrics = new WindowMetrics();
    let mostKept = 0;
    const out = await Source.from(events)
      .via(Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, options(metrics)))
      .map((r) => {
        mostKept = Math.max(mostKept, metrics.emptyKeys);
        return r;
      })
      .runWith(Sink.seq(), mat);
    expect(out.length).toBe(n);
    expect(out.every((r) => r.value === 1)).toBe(true);
    expect([metrics.keys, metrics.openWindows]).toEqual([0, 0]);
    expect(mostKept).toBeGreaterThanOrEqual(1024); // kept for a while, ...
    expect(mostKept).toBeLessThanOrEqual(2 * 1024); // ... but bounded
    expect(metrics.emptyKeys).toBeLessThanOrEqual(2 * 1024);
  });

  it('gives a returning key its states back, with the same results', async () => {
    // Five keys, 2,000 tumbling windows each and sessions closing every 20 ms, out of order
    // within the bound so that some elements take the general path into a reused state.
    const events: Ev[] = [];
    for (let i = 0; i < 10_000; i++) {
      events.push({
        key: i % 5,
        ts: i * 2 - (i % 7 === 3 ? 3 : 0) + Math.floor(i / 50) * 20,
        v: i % 3,
      });
    }
    const want = new Map<string, number>();
    for (const e of events) {
      const id = `${String(e.key)}/${String(e.ts - (e.ts % 10))}`;
      want.set(id, (want.get(id) ?? 0) + e.v);
    }
    const metrics = new WindowMetrics();
    const tumbling = await runSums(
      mat,
      TumblingEventTimeWindows.of<Ev>(10),
      events,
      perElement(1),
      metrics,
    );
    const got = new Map(tumbling.rows.map((r) => [`${String(r.key)}/${String(r.start)}`, r.value]));
    expect(got).toEqual(want);
    expect(tumbling.late).toEqual([]);
    expect([metrics.keys, metrics.openWindows, metrics.emptyKeys]).toEqual([0, 0, 5]);

    const sessionMetrics = new WindowMetrics();
    const gap = EventTimeSessionWindows.withGap<Ev>(15);
    const sessions = await runSums(mat, gap, events, perElement(1), sessionMetrics);
    // A pause of 20 ms every 50 elements (10 per key) ends every key's session.
    expect(sessions.rows.length).toBe(5 * (10_000 / 50));
    expect(sessions.rows.reduce((a, r) => a + r.value, 0)).toBe(
      events.reduce((a, e) => a + e.v, 0),
    );
    expect([sessionMetrics.keys, sessionMetrics.openWindows]).toEqual([0, 0]);
  });
});
