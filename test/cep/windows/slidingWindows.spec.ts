import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import { SlidingWindows, WatermarkStrategy, Window, WindowMetrics } from 'sluice/cep';
import { events } from './arbitraries.js';
import { type Ev, type Row, sortRows } from './oracle.js';
import { runSums } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

/** Every window a record enters or leaves that holds records, summed by brute force. */
function oracle(evs: readonly Ev[], d: number): Row[] {
  const rows: Row[] = [];
  for (const key of new Set(evs.map((e) => e.key))) {
    const mine = evs.filter((e) => e.key === key);
    const starts = new Set(mine.flatMap((e) => [e.ts - d, e.ts + 1]));
    for (const start of starts) {
      const inside = mine.filter((e) => e.ts >= start && e.ts <= start + d);
      if (inside.length === 0) continue;
      rows.push({ key, start, end: start + d + 1, value: inside.reduce((a, e) => a + e.v, 0) });
    }
  }
  return sortRows(rows);
}

describe("Kafka Streams' SlidingWindows", () => {
  it('gives the javadoc windows for records at 8000, 9200 and 12400', async () => {
    const out = await Source.from([8000, 9200, 12400])
      .via(
        Window.aggregate(
          SlidingWindows.ofTimeDifferenceWithNoGrace(5000),
          {
            createAccumulator: () => 0,
            add: (_: number, n: number) => n + 1,
            getResult: (n: number) => n,
          },
          { timestamp: (t: number) => t },
        ),
      )
      .runWith(Sink.seq(), mat);
    const inclusive = out
      .map((r) => `[${String(r.window.start)};${String(r.window.end - 1)}]`)
      .sort();
    expect(inclusive).toEqual(
      ['[3000;8000]', '[4200;9200]', '[7400;12400]', '[8001;13001]', '[9201;14201]'].sort(),
    );
  });

  it('equals a brute-force enumeration on random out-of-order input', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.integer({ min: 1, max: 60 }), async (evs, d) => {
        const metrics = new WindowMetrics();
        const got = await runSums(
          mat,
          SlidingWindows.ofTimeDifferenceWithNoGrace(d),
          evs,
          undefined,
          metrics,
        );
        expect(got.rows).toEqual(oracle(evs, d));
        expect(metrics.openWindows).toBe(0);
        expect(metrics.keys).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('closes windows on stream time and drops records past the grace to lateData', async () => {
    const late: number[] = [];
    const out = await Source.from([10, 30, 12, 40, 5])
      .via(
        Window.aggregate(SlidingWindows.ofTimeDifferenceAndGrace(5, 20), sum1, {
          timestamp: (t: number) => t,
          watermark: WatermarkStrategy.forMonotonousTimestamps<number>().withIntervalMs(0),
          lateData: Sink.foreach((t: number) => late.push(t)),
        }),
      )
      .runWith(Sink.seq(), mat);
    // 12 is within the grace (stream time 30 - 20 < 12); 5 is not (stream time 40).
    expect(late).toEqual([5]);
    expect(out.map((r) => [r.window.start, r.window.end - 1, r.value])).toContainEqual([7, 12, 2]);
  });

  it('refuses bad settings', () => {
    expect(() => SlidingWindows.ofTimeDifferenceWithNoGrace(0)).toThrow(
      'SlidingWindows.ofTimeDifferenceWithNoGrace: timeDifferenceMs must be a positive number of milliseconds, got 0',
    );
    expect(() => SlidingWindows.ofTimeDifferenceAndGrace(5, -1)).toThrow(
      'SlidingWindows.ofTimeDifferenceAndGrace: graceMs must be a non-negative number of milliseconds, got -1',
    );
  });
});

const sum1 = {
  createAccumulator: (): number => 0,
  add: (_: number, n: number): number => n + 1,
  getResult: (n: number): number => n,
};
