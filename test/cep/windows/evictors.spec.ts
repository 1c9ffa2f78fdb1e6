import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import {
  CountEvictor,
  CountTrigger,
  DeltaEvictor,
  GlobalWindows,
  TimeEvictor,
  TumblingEventTimeWindows,
  Window,
  WindowMetrics,
} from 'sluice/cep';
import type { Ev } from './oracle.js';
import { sum } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const timestamp = (e: Ev): number => e.ts;
const at = (ts: number, v = ts): Ev => ({ key: 0, ts, v });
const values = (xs: readonly Ev[]): number[] => xs.map((e) => e.v);

describe('evictors', () => {
  it('CountEvictor keeps the last n elements of a time window before it fires', async () => {
    const out = await Source.from([1, 2, 3, 4, 12, 13].map((ts) => at(ts)))
      .via(
        Window.process(TumblingEventTimeWindows.of<Ev>(10), values, {
          timestamp,
          evictor: CountEvictor.of<Ev>(2),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => r.value)).toEqual([
      [3, 4],
      [12, 13],
    ]);
  });

  it('evicts after the function with evictAfter: the result sees all, the window keeps the rest', async () => {
    const out = await Source.from([1, 2, 3, 4].map((ts) => at(ts)))
      .via(
        Window.process(GlobalWindows.create<Ev>(), values, {
          timestamp,
          trigger: CountTrigger.of(2),
          evictor: CountEvictor.of<Ev>(1, true),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => r.value)).toEqual([
      [1, 2],
      [2, 3, 4],
    ]);
  });

  it('DeltaEvictor drops elements too far from the last one (worked case)', async () => {
    const out = await Source.from([3, 9, 10, 12].map((v, i) => at(i, v)))
      .via(
        Window.process(GlobalWindows.create<Ev>(), values, {
          timestamp,
          trigger: CountTrigger.of(4),
          evictor: DeltaEvictor.of(5, (a: Ev, b: Ev) => Math.abs(a.v - b.v)),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => r.value)).toEqual([[9, 10, 12]]);
  });

  it('TimeEvictor with aggregate equals a brute-force model on random input', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ ts: fc.integer({ min: 0, max: 100 }), v: fc.integer({ min: 1, max: 9 }) }),
          {
            maxLength: 40,
          },
        ),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 50 }),
        async (input, n, size) => {
          const metrics = new WindowMetrics();
          const out = await Source.from(input.map((e) => ({ key: 0, ...e })))
            .via(
              Window.aggregate(GlobalWindows.create<Ev>(), sum, {
                timestamp,
                trigger: CountTrigger.of(n),
                evictor: TimeEvictor.of<Ev>(size),
                metrics,
              }),
            )
            .runWith(Sink.seq(), mat);
          // Evicted elements are older than the latest by size; the latest only grows, so the
          // model may keep them all and filter at each firing.
          const want: number[] = [];
          let maxTs = Number.MIN_SAFE_INTEGER;
          input.forEach((e, i) => {
            maxTs = Math.max(maxTs, e.ts);
            const seen = input.slice(0, i + 1);
            const due = (i + 1) % n === 0 || i === input.length - 1;
            if (due)
              want.push(seen.filter((x) => x.ts > maxTs - size).reduce((s, x) => s + x.v, 0));
          });
          expect(out.map((r) => r.value)).toEqual(want);
          expect(metrics.openWindows).toBe(0);
        },
      ),
    );
  });

  it('keeps a window holding only what the evictor leaves', async () => {
    let largest = 0;
    await Source.from(Array.from({ length: 500 }, (_, i) => at(i)))
      .via(
        Window.process(
          GlobalWindows.create<Ev>(),
          (xs: readonly Ev[]) => {
            largest = Math.max(largest, xs.length);
            return xs.length;
          },
          { timestamp, trigger: CountTrigger.of(10), evictor: TimeEvictor.of<Ev>(25) },
        ),
      )
      .runWith(Sink.ignore(), mat);
    expect(largest).toBe(25);
  });

  it('refuses bad settings, naming the factory and setting', () => {
    expect(() => CountEvictor.of(0)).toThrow(
      /CountEvictor\.of: maxCount must be a positive integer, got 0/,
    );
    expect(() => TimeEvictor.of(0)).toThrow(/TimeEvictor\.of: windowSizeMs must be a positive/);
    expect(() => DeltaEvictor.of(Number.NaN, () => 0)).toThrow(
      /DeltaEvictor\.of: threshold must be a number, got NaN/,
    );
    expect(() =>
      Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
        timestamp,
        evictor: CountEvictor.of<Ev>(2),
        graceMs: 1,
      }),
    ).toThrow(/graceMs works with the default trigger only, not with CountEvictor\(2\)/);
  });
});
