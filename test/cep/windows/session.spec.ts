import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keep, Sink, Source } from 'sluice';
import {
  EventTimeSessionWindows,
  WatermarkStrategy,
  Window,
  WindowMetrics,
  type WindowResult,
} from 'sluice/cep';
import { TestSink, TestSource } from 'sluice/testkit';
import { edgeEvents, events } from './arbitraries.js';
import { type Ev, sessionOracle, sessionWatermarkOracle } from './oracle.js';
import { runSums, sum } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const at = (ts: number): Ev => ({ key: 0, ts, v: 1 });

describe('EventTimeSessionWindows', () => {
  it('equals a brute-force oracle on random out-of-order input', async () => {
    await fc.assert(
      fc.asyncProperty(events, fc.integer({ min: 1, max: 40 }), async (evs, gap) => {
        const metrics = new WindowMetrics();
        const assigner = EventTimeSessionWindows.withGap<Ev>(gap);
        const got = await runSums(mat, assigner, evs, undefined, metrics);
        expect(got.rows).toEqual(sessionOracle(evs, gap));
        expect(metrics.openWindows).toBe(0);
      }),
      { numRuns: 150 },
    );
  });

  it('equals a brute-force oracle with watermarks and late elements, fixed or dynamic gap', async () => {
    // Timestamps on and beside multiples of the gap: sessions that just touch, or just miss.
    const gapAndEvents = fc
      .integer({ min: 1, max: 20 })
      .chain((gap) => fc.tuple(fc.constant(gap), fc.oneof(edgeEvents(gap), events)));
    await fc.assert(
      fc.asyncProperty(gapAndEvents, fc.integer({ min: 0, max: 60 }), async ([gap, evs], b) => {
        const want = sessionWatermarkOracle(evs, gap, b);
        const watermark = WatermarkStrategy.forBoundedOutOfOrderness<Ev>(b).withIntervalMs(0);
        // withGap takes the fast path, withDynamicGap the general merge scan: both must agree.
        for (const assigner of [
          EventTimeSessionWindows.withGap<Ev>(gap),
          EventTimeSessionWindows.withDynamicGap<Ev>(() => gap),
        ]) {
          const metrics = new WindowMetrics();
          const got = await runSums(mat, assigner, evs, watermark, metrics);
          expect(got.rows).toEqual(want.rows);
          expect(got.late).toEqual(want.late);
          expect([metrics.openWindows, metrics.keys]).toEqual([0, 0]);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gap 5 over 10, 12, 20 gives two sessions; 16 merges them', async () => {
    const windows = async (ts: number[]): Promise<number[][]> =>
      (
        await Source.from(ts.map(at))
          .via(
            Window.aggregate(EventTimeSessionWindows.withGap<Ev>(5), sum, {
              timestamp: (e: Ev) => e.ts,
            }),
          )
          .runWith(Sink.seq(), mat)
      ).map((r) => [r.window.start, r.window.end - 5, r.value]); // Kafka Streams' [first, last]
    expect(await windows([10, 12, 20])).toEqual([
      [10, 12, 2],
      [20, 20, 1],
    ]);
    expect(await windows([10, 12, 20, 16])).toEqual([[10, 20, 4]]);
  });

  it('fires a session once the watermark passes its gap', async () => {
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(EventTimeSessionWindows.withGap<Ev>(5), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0),
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(5);
    pub.sendNext(at(10), at(12));
    await sub.expectNoMessage(0);
    pub.sendNext(at(18)); // watermark 17: [10, 17) fires
    await sub.expectNext({ key: undefined, window: { start: 10, end: 17 }, value: 2 });
    pub.sendComplete();
    await sub.expectNext({ key: undefined, window: { start: 18, end: 23 }, value: 1 });
    await sub.expectComplete();
  });

  it('takes each element its own gap with withDynamicGap', async () => {
    const out = await Source.from([at(0), { key: 0, ts: 2, v: 10 }, at(30)])
      .via(
        Window.aggregate(
          EventTimeSessionWindows.withDynamicGap<Ev>((e) => (e.v === 10 ? 20 : 2)),
          sum,
          { timestamp: (e: Ev) => e.ts },
        ),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.window.end, r.value])).toEqual([
      [0, 22, 11], // [0, 2) and [2, 22) touch, so they merge
      [30, 32, 1],
    ]);
  });

  it('needs merge in the aggregate function', () => {
    expect(() =>
      Window.aggregate(
        EventTimeSessionWindows.withGap<Ev>(5),
        { createAccumulator: () => 0, add: (e: Ev, a: number) => a + e.v, getResult: (a) => a },
        { timestamp: (e: Ev) => e.ts },
      ),
    ).toThrow(
      'Window.aggregate: EventTimeSessionWindows(5) merges windows, so the function needs merge',
    );
  });
});
