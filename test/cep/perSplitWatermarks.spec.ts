import { describe, expect, it } from 'vitest';
import { Keep, Sink, Source } from 'sluice';
import {
  EventTime,
  TumblingEventTimeWindows,
  Watermark,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { settle, TestSink, TestSource } from 'sluice/testkit';
import { virtualMaterializer } from './virtualMaterializer.js';

// Per-split watermarks on the virtual clock, with plain elements standing in for the records of
// a partitioned source: `p` is the split (a partition), `ts` the event time.

const { clock, mat } = virtualMaterializer();

interface Rec {
  readonly p: number;
  readonly ts: number;
}
const rec = (p: number, ts: number): Rec => ({ p, ts });
const split = (r: Rec): number => r.p;
const timestamp = (r: Rec): number => r.ts;
const perElement = WatermarkStrategy.forMonotonousTimestamps<Rec>().withIntervalMs(0);
const show = (x: Rec | Watermark): string =>
  Watermark.is(x)
    ? `W${String(x.timestamp)}${x.isIdle ? ' idle' : ''}`
    : `p${String(x.p)}@${String(x.ts)}`;
const count = {
  createAccumulator: (): number => 0,
  add: (_: Rec, n: number): number => n + 1,
  getResult: (n: number): number => n,
};

describe('EventTime.assignPerSplit', () => {
  it('sends on the minimum over the splits, never moving back', async () => {
    const out = await Source.from([rec(0, 10), rec(1, 5), rec(0, 20), rec(1, 30), rec(0, 40)])
      .via(EventTime.assignPerSplit({ split, timestamp, watermark: perElement, splits: [0, 1] }))
      .runWith(Sink.seq(), mat);
    // Split 1 holds the watermark back until it reports; then the slower split sets it.
    expect(out.map(show)).toEqual(['p0@10', 'p1@5', 'W4', 'p0@20', 'p1@30', 'W19', 'p0@40', 'W29']);
  });

  it('counts a split it was not told of from its first element', async () => {
    const out = await Source.from([rec(0, 10), rec(1, 50), rec(0, 60), rec(1, 70)])
      .via(EventTime.assignPerSplit({ split, timestamp, watermark: perElement }))
      .runWith(Sink.seq(), mat);
    expect(out.map(show)).toEqual(['p0@10', 'W9', 'p1@50', 'p0@60', 'W49', 'p1@70', 'W59']);
  });

  it('leaves a quiet split out once it is idle, and counts it again when it has elements', async () => {
    const seen: string[] = [];
    const [pub, done] = TestSource.probe<Rec>()
      .via(
        EventTime.assignPerSplit({
          split,
          timestamp,
          watermark: WatermarkStrategy.forMonotonousTimestamps<Rec>()
            .withIntervalMs(100)
            .withIdleness(250),
          splits: [0, 1],
        }),
      )
      .toMat(
        Sink.foreach((x: Rec | Watermark) => {
          seen.push(show(x));
        }),
        Keep.both,
      )
      .run(mat);
    const advance = async (ms: number): Promise<void> => {
      clock.advance(ms);
      await settle();
    };
    // Split 1 was revoked (or is quiet): only split 0 has records.
    for (let t = 1; t <= 4; t++) {
      pub.sendNext(rec(0, t * 100));
      await advance(100);
    }
    // Until 250 ms without records split 1 holds the watermark back; from then on (the tick at
    // 300 ms) split 0 alone sets it.
    expect(seen.filter((x) => x.startsWith('W'))).toEqual(['W299', 'W399']);
    // Split 1 is back with a record behind split 0: it holds the watermark again.
    pub.sendNext(rec(1, 350));
    pub.sendNext(rec(0, 500));
    await advance(100);
    expect(seen.slice(-2)).toEqual(['p1@350', 'p0@500']);
    pub.sendNext(rec(1, 600));
    await advance(100);
    expect(seen.at(-1)).toBe('W499');
    // Split 0 goes quiet first (at 700 ms), then split 1 (at 800 ms): the output is idle.
    await advance(300);
    expect(seen.slice(-2)).toEqual(['W599', 'W599 idle']);
    pub.sendComplete();
    await done;
    expect(clock.pendingTimers).toBe(0);
  });

  it('fires a window only when every split that is not idle has passed its end', async () => {
    const [pub, sub] = TestSource.probe<Rec>()
      .via(
        Window.aggregate(TumblingEventTimeWindows.of<Rec>(10), count, {
          timestamp,
          watermark: EventTime.perSplit({ split, watermark: perElement, splits: [0, 1, 2] }),
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    // Splits 0 and 1 are past the first window; split 2 is not.
    for (const r of [rec(0, 1), rec(1, 2), rec(2, 3), rec(0, 15), rec(1, 25), rec(0, 26)]) {
      pub.sendNext(r);
    }
    await sub.expectNoMessage(0);
    pub.sendNext(rec(2, 12)); // split 2 passes 10: window [0, 10) closes
    const first = await sub.expectNextAny();
    expect([first.window.start, first.value]).toEqual([0, 3]);
    await sub.expectNoMessage(0);
    pub.sendNext(rec(2, 21)); // every split past 20 now: [10, 20) closes
    const second = await sub.expectNextAny();
    expect([second.window.start, second.value]).toEqual([10, 2]);
    pub.sendComplete();
    const last = await sub.expectNextAny();
    expect([last.window.start, last.value]).toEqual([20, 3]);
    await sub.expectComplete();
  });

  it('fails the stream naming the split one past maxSplits', async () => {
    const done = Source.from([rec(0, 1), rec(1, 2), rec(2, 3)])
      .via(EventTime.assignPerSplit({ split, timestamp, watermark: perElement, maxSplits: 2 }))
      .runWith(Sink.seq(), mat);
    await expect(done).rejects.toThrow(
      /EventTime.assignPerSplit: split 2 would be split number 3, over maxSplits \(2\)/,
    );
  });

  it('passes upstream failure and downstream cancellation on', async () => {
    const [pub, sub] = TestSource.probe<Rec>()
      .via(EventTime.assignPerSplit({ split, timestamp, watermark: perElement }))
      .toMat(TestSink.probe<Rec | Watermark>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(rec(0, 1));
    expect(show(await sub.expectNextAny())).toBe('p0@1');
    const boom = new Error('boom');
    pub.sendError(boom);
    await sub.expectError(boom);

    const [pub2, sub2] = TestSource.probe<Rec>()
      .via(EventTime.assignPerSplit({ split, timestamp, watermark: perElement }))
      .toMat(TestSink.probe<Rec | Watermark>(), Keep.both)
      .run(mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('refuses bad settings, naming them', () => {
    const bad = { split, timestamp, watermark: perElement };
    expect(() => EventTime.assignPerSplit({ ...bad, maxSplits: 0 })).toThrow(
      /EventTime.assignPerSplit: maxSplits must be a positive integer, got 0/,
    );
    expect(() => EventTime.assignPerSplit({ ...bad, maxSplits: 1, splits: [0, 1] })).toThrow(
      /EventTime.assignPerSplit: splits lists 2 splits, over maxSplits \(1\)/,
    );
    expect(() =>
      EventTime.perSplit({ split: 'p' as unknown as (r: Rec) => number, watermark: perElement }),
    ).toThrow(/EventTime.perSplit: split must be a function/);
    expect(() =>
      EventTime.assignPerSplit({
        ...bad,
        timestamp: undefined as unknown as (r: Rec) => number,
      }),
    ).toThrow(/EventTime.assignPerSplit: timestamp must be a function/);
  });
});
