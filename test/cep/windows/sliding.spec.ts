import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SlidingEventTimeWindows, WatermarkStrategy, WindowMetrics } from 'sluice/cep';
import { bound, events } from './arbitraries.js';
import { type Ev, nonMergingOracle } from './oracle.js';
import { runSums } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

describe('SlidingEventTimeWindows', () => {
  it('equals a brute-force oracle on random out-of-order input', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        bound,
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 1, max: 4 }),
        async (evs, b, slide, factor) => {
          const assigner = SlidingEventTimeWindows.of<Ev>(slide * factor, slide);
          const metrics = new WindowMetrics();
          const watermark = WatermarkStrategy.forBoundedOutOfOrderness<Ev>(b).withIntervalMs(0);
          const got = await runSums(mat, assigner, evs, watermark, metrics);
          const want = nonMergingOracle(assigner, evs, b);
          expect(got.rows).toEqual(want.rows);
          expect(got.late).toEqual(want.late);
          expect(metrics.openWindows).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('puts an element into size / slide windows', () => {
    const slots: number[] = [];
    const n = SlidingEventTimeWindows.of<number>(60_000, 10_000).assignWindows(0, 65_000, slots);
    expect(n).toBe(6);
    expect(slots.filter((_, i) => i % 2 === 0)).toEqual([
      60_000, 50_000, 40_000, 30_000, 20_000, 10_000,
    ]);
  });
});
