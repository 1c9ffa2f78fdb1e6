import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  OpenWindowLimitError,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Watermark,
  Window,
  WindowMetrics,
  type WindowResult,
} from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { bound, edgeEvents, events } from './arbitraries.js';
import { type Ev, nonMergingOracle } from './oracle.js';
import { perElement, runSums, runSumsWith, sum, toRow } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

describe('TumblingEventTimeWindows', () => {
  it('equals a brute-force oracle on random out-of-order input', async () => {
    await fc.assert(
      fc.asyncProperty(
        events,
        bound,
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: 99 }),
        async (evs, b, size, offset) => {
          const assigner = TumblingEventTimeWindows.of<Ev>(size, offset % size);
          const metrics = new WindowMetrics();
          const got = await runSums(mat, assigner, evs, perElement(b), metrics);
          const want = nonMergingOracle(assigner, evs, b);
          expect(got.rows).toEqual(want.rows);
          expect(got.late).toEqual(want.late);
          expect(metrics.lateElements).toBe(want.late.length);
          expect(metrics.openWindows).toBe(0);
          expect(metrics.keys).toBe(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('equals the oracle on timestamps at and beside window edges', async () => {
    const sizedEvents = fc
      .integer({ min: 1, max: 20 })
      .chain((size) => fc.tuple(fc.constant(size), edgeEvents(size)));
    await fc.assert(
      fc.asyncProperty(sizedEvents, fc.integer({ min: 0, max: 30 }), async ([size, evs], b) => {
        const assigner = TumblingEventTimeWindows.of<Ev>(size);
        const got = await runSums(mat, assigner, evs, perElement(b));
        const want = nonMergingOracle(assigner, evs, b);
        expect(got.rows).toEqual(want.rows);
        expect(got.late).toEqual(want.late);
      }),
      { numRuns: 100 },
    );
  });

  it('assigns [start, end) windows aligned to the offset', () => {
    const slots: number[] = [];
    const assigner = TumblingEventTimeWindows.of<number>(10, 3);
    expect(assigner.assignWindows(0, 12, slots)).toBe(1);
    expect(slots.slice(0, 2)).toEqual([3, 13]);
    assigner.assignWindows(0, 2, slots);
    expect(slots.slice(0, 2)).toEqual([-7, 3]);
    assigner.assignWindows(0, -1, slots);
    expect(slots.slice(0, 2)).toEqual([-7, 3]);
  });

  it('fires a window when the watermark passes its end and removes its state', async () => {
    const metrics = new WindowMetrics();
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          keyBy: (e: Ev) => e.key,
          watermark: perElement(0),
          metrics,
        }),
      )
      .toMat(TestSink.probe<WindowResult<number, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ key: 1, ts: 1, v: 1 }, { key: 2, ts: 5, v: 2 }, { key: 1, ts: 9, v: 3 });
    await sub.expectNoMessage(0);
    expect(metrics.openWindows).toBe(2);
    expect(metrics.keys).toBe(2);
    pub.sendNext({ key: 3, ts: 10, v: 4 }); // watermark 9: [0, 10) fires for keys 1 and 2
    await sub.expectNext(
      { key: 1, window: { start: 0, end: 10 }, value: 4 },
      { key: 2, window: { start: 0, end: 10 }, value: 2 },
    );
    expect(metrics.openWindows).toBe(1);
    expect(metrics.keys).toBe(1);
    pub.sendComplete();
    await sub.expectNext({ key: 3, window: { start: 10, end: 20 }, value: 4 });
    await sub.expectComplete();
    expect(metrics.openWindows).toBe(0);
    expect(metrics.keys).toBe(0);
  });

  it('sends late elements to the lateData sink and counts them', async () => {
    const late: Ev[] = [];
    const metrics = new WindowMetrics();
    const out = await Source.from<Ev>([
      { key: 0, ts: 5, v: 1 },
      { key: 0, ts: 25, v: 1 }, // watermark 24: [0, 10) and [10, 20) are closed
      { key: 0, ts: 7, v: 100 },
      { key: 0, ts: 21, v: 1 },
    ])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: perElement(0),
          lateData: Sink.foreach((e: Ev) => late.push(e)),
          metrics,
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.value])).toEqual([
      [0, 1],
      [20, 2],
    ]);
    expect(late).toEqual([{ key: 0, ts: 7, v: 100 }]);
    expect(metrics.lateElements).toBe(1);
  });

  it('re-fires with the updated value for late elements within the allowed lateness', async () => {
    const late: Ev[] = [];
    const out = await Source.from<Ev>([
      { key: 0, ts: 5, v: 1 },
      { key: 0, ts: 12, v: 1 }, // watermark 11: [0, 10) fires with 1
      { key: 0, ts: 8, v: 10 }, // within lateness: fires again with 11
      { key: 0, ts: 16, v: 1 }, // watermark 15: past 9 + 5, [0, 10) is cleaned up
      { key: 0, ts: 3, v: 100 }, // late
    ])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: perElement(0),
          allowedLatenessMs: 5,
          lateData: Sink.foreach((e: Ev) => late.push(e)),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.value])).toEqual([
      [0, 1],
      [0, 11],
      [10, 2],
    ]);
    expect(late).toEqual([{ key: 0, ts: 3, v: 100 }]);
  });

  it('with grace, fires once after end + grace and counts elements within it', async () => {
    const out = await Source.from<Ev>([
      { key: 0, ts: 5, v: 1 },
      { key: 0, ts: 12, v: 1 },
      { key: 0, ts: 8, v: 10 }, // within the grace of 5
      { key: 0, ts: 15, v: 1 }, // stream time 15 > 9 + 5: [0, 10) closes
      { key: 0, ts: 9, v: 100 }, // late
    ])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0),
          graceMs: 5,
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.value])).toEqual([
      [0, 11],
      [10, 2],
    ]);
  });

  it('emits on every update with emit: onEveryUpdate', async () => {
    const out = await Source.from<Ev>([
      { key: 0, ts: 1, v: 1 },
      { key: 0, ts: 2, v: 2 },
      { key: 0, ts: 11, v: 4 },
    ])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          emit: 'onEveryUpdate',
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r) => [r.window.start, r.value])).toEqual([
      [0, 1],
      [0, 3],
      [10, 4],
    ]);
  });

  it('generates periodic watermarks on the clock', async () => {
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(200),
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ key: 0, ts: 3, v: 1 }, { key: 0, ts: 30, v: 1 });
    await sub.expectNoMessage(199); // no periodic emission yet
    clock.advance(1);
    await sub.expectNext({ key: undefined, window: { start: 0, end: 10 }, value: 1 });
    pub.sendComplete();
    await sub.expectNext({ key: undefined, window: { start: 30, end: 40 }, value: 1 });
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it('takes watermarks from an event-time stream with watermark: fromStream', async () => {
    const [pub, sub] = TestSource.probe<Ev | Watermark>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: 'fromStream',
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ key: 0, ts: 3, v: 1 }, { key: 0, ts: 30, v: 1 });
    await sub.expectNoMessage(0);
    pub.sendNext(new Watermark(9));
    await sub.expectNext({ key: undefined, window: { start: 0, end: 10 }, value: 1 });
    pub.sendComplete();
    await sub.expectNext({ key: undefined, window: { start: 30, end: 40 }, value: 1 });
    await sub.expectComplete();
  });

  it('fails naming the key when a key opens more windows than allowed', async () => {
    const run = Source.from<Ev>([
      { key: 7, ts: 1, v: 1 },
      { key: 7, ts: 11, v: 1 },
      { key: 7, ts: 21, v: 1 },
    ])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          keyBy: (e: Ev) => e.key,
          maxOpenWindowsPerKey: 2,
        }),
      )
      .runWith(Sink.seq(), mat);
    const error = await run.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(OpenWindowLimitError);
    expect((error as Error).message).toMatch(
      /^Window\.aggregate#\d+: key 7 has 2 open windows, the maxOpenWindowsPerKey bound$/,
    );
  });

  it('emits and evicts the oldest window at the bound with emitOldest', async () => {
    const metrics = new WindowMetrics();
    const out = await Source.from<Ev>([
      { key: 1, ts: 1, v: 1 },
      { key: 2, ts: 11, v: 2 },
      { key: 1, ts: 21, v: 3 },
    ])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          keyBy: (e: Ev) => e.key,
          maxOpenWindows: 2,
          onTooManyWindows: 'emitOldest',
          metrics,
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map(toRow)).toEqual([
      { key: 1, start: 0, end: 10, value: 1 },
      { key: 2, start: 10, end: 20, value: 2 },
      { key: 1, start: 20, end: 30, value: 3 },
    ]);
    expect(metrics.evictedWindows).toBe(1);
  });

  it("keeps a key's windows together when the per-key bound evicts its only window", async () => {
    const metrics = new WindowMetrics();
    const input: Ev[] = [
      { key: 1, ts: 1, v: 1 },
      { key: 1, ts: 15, v: 2 }, // [0, 10) is evicted to open [10, 20)
      { key: 1, ts: 16, v: 3 },
    ];
    const { rows } = await runSumsWith(mat, TumblingEventTimeWindows.of<Ev>(10), input, {
      watermark: perElement(100),
      maxOpenWindowsPerKey: 1,
      onTooManyWindows: 'emitOldest',
      metrics,
    });
    expect(rows).toEqual([
      { key: 1, start: 0, end: 10, value: 1 },
      { key: 1, start: 10, end: 20, value: 5 },
    ]);
    expect(metrics.evictedWindows).toBe(1);
    expect([metrics.openWindows, metrics.keys]).toEqual([0, 0]);
  });

  it('refuses bad settings when built', () => {
    expect(() => TumblingEventTimeWindows.of(0)).toThrow(
      'TumblingEventTimeWindows.of: sizeMs must be a positive number of milliseconds, got 0',
    );
    expect(() => Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum)).toThrow(
      'Window.aggregate: timestamp must be a function, got undefined',
    );
    expect(() =>
      Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
        timestamp: (e: Ev) => e.ts,
        maxOpenWindowsPerKey: 0,
      }),
    ).toThrow('Window.aggregate: maxOpenWindowsPerKey must be a positive integer, got 0');
  });

  it('fails the stream naming the operator for a timestamp that is not a number', async () => {
    const run = Source.from<Ev>([{ key: 0, ts: Number.NaN, v: 1 }])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, { timestamp: (e: Ev) => e.ts }),
      )
      .runWith(Sink.seq(), mat);
    await expect(run).rejects.toThrow(
      /^Window\.aggregate#\d+: timestamp must return a finite number of milliseconds, got NaN$/,
    );
  });

  it('fires on the real clock', async () => {
    const real = new Materializer();
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), sum, {
          timestamp: (e: Ev) => e.ts,
          watermark: WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(2),
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(real);
    sub.request(10);
    pub.sendNext({ key: 0, ts: 3, v: 1 }, { key: 0, ts: 30, v: 1 });
    await sub.expectNext({ key: undefined, window: { start: 0, end: 10 }, value: 1 });
    pub.sendComplete();
    await sub.expectNext({ key: undefined, window: { start: 30, end: 40 }, value: 1 });
    await sub.expectComplete();
    assertAllStagesStopped(real);
  });
});
