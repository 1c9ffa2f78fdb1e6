import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import {
  CountEvictor,
  CountTrigger,
  EventTime,
  EventTimeSessionWindows,
  SlidingWindows,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { bound, events } from './arbitraries.js';
import { type Ev, sortRows } from './oracle.js';
import { perElement, sum, toRow } from './sums.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { mat } = virtualMaterializer();

const timestamp = (e: Ev): number => e.ts;
const keyBy = (e: Ev): number => e.key;
const rows = (out: readonly WindowResult<number, number>[]) => sortRows(out.map(toRow));

describe('Window.keyBy(f).window(a) (the fluent form)', () => {
  it('equals Window.aggregate with keyBy on random input', async () => {
    await fc.assert(
      fc.asyncProperty(events, bound, fc.integer({ min: 1, max: 30 }), async (evs, b, gap) => {
        const assigner = EventTimeSessionWindows.withGap<Ev>(gap);
        const options = { timestamp, watermark: perElement(b), allowedLatenessMs: 5 };
        const functional = await Source.from(evs)
          .via(Window.aggregate(assigner, sum, { ...options, keyBy }))
          .runWith(Sink.seq(), mat);
        const fluent = await Source.from(evs)
          .via(
            Window.keyBy(keyBy)
              .window(assigner)
              .allowedLateness(5)
              .aggregate(sum, { timestamp, watermark: perElement(b) }),
          )
          .runWith(Sink.seq(), mat);
        expect(rows(fluent)).toEqual(rows(functional));
      }),
    );
  });

  it('takes a trigger and an evictor, and ends in reduce or process', async () => {
    const input = [1, 2, 3, 4, 5, 6].map((ts) => ({ key: ts % 2, ts, v: ts }));
    const windowed = Window.keyBy(keyBy)
      .window(TumblingEventTimeWindows.of<Ev>(100))
      .trigger(CountTrigger.of(2))
      .evictor(CountEvictor.of<Ev>(1));
    const reduced = await Source.from(input)
      .via(windowed.reduce((a: Ev, b: Ev) => ({ ...a, v: a.v + b.v }), { timestamp }))
      .runWith(Sink.seq(), mat);
    expect(reduced.map((r) => [r.key, r.value.v])).toEqual([
      [1, 3],
      [0, 4],
      [1, 5],
      [0, 6],
    ]);
    const processed = await Source.from(input)
      .via(windowed.process((xs: readonly Ev[], { key }) => `${key}:${xs.length}`, { timestamp }))
      .runWith(Sink.seq(), mat);
    expect(processed.map((r) => r.value)).toEqual(['1:1', '0:1', '1:1', '0:1']);
  });

  it('windowAll has no key, and accepts an event-time stream with its watermarks', async () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0);
    const out = await Source.from([1, 2, 11].map((ts) => ({ key: 0, ts, v: 1 })))
      .via(EventTime.assignTimestampsAndWatermarks(timestamp, strategy))
      .via(
        Window.windowAll<Ev>()
          .window(TumblingEventTimeWindows.of<Ev>(10))
          .aggregate(sum, { timestamp, watermark: 'fromStream' }),
      )
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([
      { key: undefined, window: { start: 0, end: 10 }, value: 2 },
      { key: undefined, window: { start: 10, end: 20 }, value: 1 },
    ]);
  });

  it('refuses a key that is not a function, and reduce over Kafka Streams sliding windows', () => {
    expect(() => Window.keyBy(42 as unknown as (e: Ev) => number)).toThrow(
      /Window\.keyBy: f must be a function/,
    );
    const sliding = Window.keyBy(keyBy).window(SlidingWindows.ofTimeDifferenceWithNoGrace(5));
    expect(() => sliding.reduce((a: Ev) => a, { timestamp })).toThrow(
      /WindowedStream\.reduce: SlidingWindows aggregate only; use aggregate/,
    );
    expect(() =>
      Window.windowAll<Ev>().window(TumblingEventTimeWindows.of(5)).allowedLateness(-1),
    ).toThrow(
      /WindowedStream\.allowedLateness: ms must be a non-negative number of milliseconds, got -1/,
    );
  });
});
