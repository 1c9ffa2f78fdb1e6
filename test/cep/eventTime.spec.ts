import { describe, expect, it } from 'vitest';
import { GraphDSL, Keep, Sink, Source, SourceShape } from 'sluice';
import {
  EventTime,
  TumblingEventTimeWindows,
  Watermark,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { TestSink, TestSource } from 'sluice/testkit';
import { virtualMaterializer } from './virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

interface Ev {
  readonly src: string;
  readonly ts: number;
}
const ts = (e: Ev): number => e.ts;
const perElement = WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0);
const count = {
  createAccumulator: (): number => 0,
  add: (_: Ev, n: number): number => n + 1,
  getResult: (n: number): number => n,
};
const show = (x: Ev | Watermark): string =>
  Watermark.is(x) ? `W${String(x.timestamp)}${x.isIdle ? ' idle' : ''}` : `${x.src}${String(x.ts)}`;

describe('EventTime.assignTimestampsAndWatermarks', () => {
  it('adds a watermark after an element whenever it advanced', async () => {
    const out = await Source.from<Ev>([
      { src: 'a', ts: 5 },
      { src: 'a', ts: 3 },
      { src: 'a', ts: 8 },
    ])
      .via(EventTime.assignTimestampsAndWatermarks(ts, perElement))
      .runWith(Sink.seq(), mat);
    expect(out.map(show)).toEqual(['a5', 'W4', 'a3', 'a8', 'W7']);
  });

  it('emits periodic watermarks and idleness on the clock', async () => {
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        EventTime.assignTimestampsAndWatermarks(
          ts,
          WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(100).withIdleness(250),
        ),
      )
      .toMat(TestSink.probe<Ev | Watermark>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ src: 'a', ts: 20 });
    expect(show(await sub.expectNextAny())).toBe('a20');
    await sub.expectNoMessage(99);
    clock.advance(1);
    expect(show(await sub.expectNextAny())).toBe('W19');
    await sub.expectNoMessage(199); // nothing new at 200; at 300 the input has been quiet 300 ms
    clock.advance(1);
    expect(show(await sub.expectNextAny())).toBe('W19 idle');
    pub.sendComplete();
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });
});

describe('EventTime.merge', () => {
  it('sends on the minimum watermark over its inputs, so windows wait for the slowest', async () => {
    const fast = Source.from<Ev>([
      { src: 'f', ts: 1 },
      { src: 'f', ts: 50 },
      { src: 'f', ts: 100 },
    ]).via(EventTime.assignTimestampsAndWatermarks(ts, perElement));
    const slow = Source.from<Ev>([
      { src: 's', ts: 2 },
      { src: 's', ts: 5 },
    ]).via(EventTime.assignTimestampsAndWatermarks(ts, perElement));
    const out = await EventTime.merge([fast, slow]).runWith(Sink.seq(), mat);
    const watermarks = out.filter(Watermark.is).map((w) => w.timestamp);
    // Never past the slow input while it runs; once it completes, the fast one alone counts.
    expect(watermarks.filter((w) => w > 4 && w < 49)).toEqual([]);
    expect(watermarks).toEqual([...watermarks].sort((a, b) => a - b));
    expect(out.filter((x) => !Watermark.is(x)).length).toBe(5);
  });

  it('feeds a window that fires on the merged watermark and loses nothing', async () => {
    const a = Source.from<Ev>([
      { src: 'a', ts: 1 },
      { src: 'a', ts: 15 },
      { src: 'a', ts: 25 },
    ]).via(EventTime.assignTimestampsAndWatermarks(ts, perElement));
    const b = Source.from<Ev>([
      { src: 'b', ts: 3 },
      { src: 'b', ts: 12 },
    ]).via(EventTime.assignTimestampsAndWatermarks(ts, perElement));
    let late = 0;
    const out = await EventTime.merge([a, b])
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Ev>(10), count, {
          timestamp: ts,
          watermark: 'fromStream',
          lateData: Sink.foreach(() => late++),
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map((r: WindowResult<undefined, number>) => [r.window.start, r.value])).toEqual([
      [0, 2],
      [10, 2],
      [20, 1],
    ]);
    expect(late).toBe(0);
  });

  it('leaves an idle input out of the minimum', async () => {
    const merged = Source.fromGraph(
      GraphDSL.createWith(
        [TestSource.probe<Ev | Watermark>(), TestSource.probe<Ev | Watermark>()],
        (b, left, right) => {
          const m = b.add(EventTime.mergeStage<Ev>(2));
          b.connect(left.out, m.in(0));
          b.connect(right.out, m.in(1));
          return new SourceShape(m.out);
        },
      ),
    );
    const [[a, c], sub] = merged.toMat(TestSink.probe<Ev | Watermark>(), Keep.both).run(mat);
    sub.request(10);
    a.sendNext(new Watermark(50));
    c.sendNext(new Watermark(10));
    expect(show(await sub.expectNextAny())).toBe('W10');
    c.sendNext(new Watermark(10, true)); // c goes idle: a alone counts
    expect(show(await sub.expectNextAny())).toBe('W50');
    c.sendNext({ src: 'c', ts: 60 }); // active again
    expect(show(await sub.expectNextAny())).toBe('c60');
    a.sendComplete();
    c.sendComplete();
    await sub.expectComplete();
  });
});
