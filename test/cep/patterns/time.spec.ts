import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  CEP,
  EventTime,
  Pattern,
  PatternMetrics,
  type TimedOutMatch,
  Watermark,
  WatermarkStrategy,
} from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { type Ev, evs, is, render } from './run.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

type Timed = TimedOutMatch<{ a: Ev; b: Ev }, unknown>;
const ab = Pattern.of<Ev>().begin('a').where(is('a')).followedBy('b').where(is('b')).within(100);
const ev = (id: string, ts = 0, key = 0): Ev => ({ id, kind: id.charAt(0), ts, key });

describe('within on the clock (no timestamp)', () => {
  it('times a partial match out on the clock with no new event, to timedOut', async () => {
    const timedOut: Timed[] = [];
    const [pub, sub] = TestSource.probe<Ev>()
      .via(CEP.pattern(ab, { timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) }))
      .toMat(TestSink.probe<{ a: Ev; b: Ev }>(), Keep.both)
      .run(mat);
    sub.request(10);
    const t0 = clock.now();
    pub.sendNext(ev('a1'));
    await sub.expectNoMessage(60);
    pub.sendNext(ev('a2'), ev('b1'));
    const m = await sub.expectNextAny();
    expect(render(m)).toBe('a1 b1');
    const m2 = await sub.expectNextAny();
    expect(render(m2)).toBe('a2 b1');
    pub.sendNext(ev('a3'));
    await sub.expectNoMessage(99);
    expect(timedOut).toEqual([]);
    clock.advance(1);
    expect(timedOut).toHaveLength(1);
    expect(timedOut[0]?.timestamp).toBe(t0 + 60 + 100);
    expect(timedOut[0]?.match.a?.id).toBe('a3');
    expect(timedOut[0]?.match.b).toBeUndefined();
    pub.sendComplete();
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it("within(ms, 'previousAndCurrent') bounds the gap between consecutive events", async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .followedBy('b')
      .where(is('b'))
      .followedBy('c')
      .where(is('c'))
      .within(50, 'previousAndCurrent');
    const [pub, sub] = TestSource.probe<Ev>()
      .via(CEP.pattern(p))
      .toMat(TestSink.probe<object>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext(ev('a1'));
    await sub.expectNoMessage(40);
    pub.sendNext(ev('b1'));
    await sub.expectNoMessage(40);
    pub.sendNext(ev('c1')); // 80 ms after a1, 40 after b1
    expect(render(await sub.expectNextAny())).toBe('a1 b1 c1');
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('runs on the real clock: a partial match times out after a few ms', async () => {
    const real = new Materializer();
    const timedOut: Timed[] = [];
    const p = Pattern.of<Ev>().begin('a').where(is('a')).followedBy('b').where(is('b')).within(5);
    const [pub, sub] = TestSource.probe<Ev>()
      .via(CEP.pattern(p, { timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) }))
      .toMat(TestSink.probe<object>(), Keep.both)
      .run(real);
    sub.request(1);
    const start = Date.now();
    pub.sendNext(ev('a1'));
    await expect.poll(() => timedOut.length, { interval: 1, timeout: 1000 }).toBe(1);
    expect(Date.now() - start).toBeGreaterThanOrEqual(4);
    pub.sendComplete();
    await sub.expectComplete();
    assertAllStagesStopped(real);
  });
});

describe('event time', () => {
  const byTs = { timestamp: (e: Ev) => e.ts };

  it('sorts by event time before matching, and sends late events to lateData', async () => {
    const late: Ev[] = [];
    const metrics = new PatternMetrics();
    const p = Pattern.of<Ev>().begin('a').where(is('a')).next('b').where(is('b'));
    // The watermark trails by 5: a1 is in time, b2 arrives after c moved it to 4.
    const out = await Source.from([ev('b1', 2), ev('a1', 1), ev('c', 10), ev('b2', 3)])
      .via(
        CEP.pattern(p, {
          ...byTs,
          watermark: WatermarkStrategy.forBoundedOutOfOrderness<Ev>(5).withIntervalMs(0),
          lateData: Sink.foreach((e: Ev) => late.push(e)),
          metrics,
        }),
      )
      .runWith(Sink.seq(), mat);
    expect(out.map(render)).toEqual(['a1 b1']);
    expect(late.map((e) => e.id)).toEqual(['b2']);
    expect(metrics.lateEvents).toBe(1);
  });

  it("times out on a 'fromStream' watermark with no new event", async () => {
    const timedOut: Timed[] = [];
    const [pub, sub] = TestSource.probe<Ev | Watermark>()
      .via(
        CEP.pattern(ab, {
          ...byTs,
          watermark: 'fromStream',
          timedOut: Sink.foreach((t: Timed) => timedOut.push(t)),
        }),
      )
      .toMat(TestSink.probe<{ a: Ev; b: Ev }>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext(ev('a1', 1000), new Watermark(1050));
    await sub.expectNoMessage(0);
    expect(timedOut).toEqual([]);
    pub.sendNext(new Watermark(1100));
    await sub.expectNoMessage(0);
    expect(timedOut.map((t) => [t.match.a?.id, t.timestamp])).toEqual([['a1', 1100]]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('a trailing notFollowedBy matches once within has passed without the event', async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .notFollowedBy('x')
      .where(is('x'))
      .within(10);
    const out = await Source.from([ev('a1', 1), ev('x', 5), ev('a2', 20), ev('c', 40)])
      .via(
        EventTime.assignTimestampsAndWatermarks(
          (e: Ev) => e.ts,
          WatermarkStrategy.forMonotonousTimestamps<Ev>().withIntervalMs(0),
        ),
      )
      .via(CEP.pattern(p, { ...byTs, watermark: 'fromStream' }))
      .runWith(Sink.seq(), mat);
    expect(out.map(render)).toEqual(['a2']);
  });

  it('keeps one NFA per key and drops a key with no partial match', async () => {
    const metrics = new PatternMetrics();
    const events = [...evs('a1 a2', 1), ...evs('b1', 2), ...evs('b2', 1)];
    const [pub, sub] = TestSource.probe<Ev>()
      .via(CEP.pattern(ab, { keyBy: (e: Ev) => e.key, metrics }))
      .toMat(TestSink.probe<{ a: Ev; b: Ev }>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext(...events.slice(0, 2));
    await sub.expectNoMessage(0);
    expect(metrics.keys).toBe(1);
    expect(metrics.partialMatches).toBe(2);
    pub.sendNext(events[2] as Ev);
    await sub.expectNoMessage(0);
    expect(metrics.keys).toBe(1); // key 2's b started nothing
    pub.sendNext(events[3] as Ev);
    expect(render(await sub.expectNextAny())).toBe('a1 b2');
    expect(render(await sub.expectNextAny())).toBe('a2 b2');
    // Skip-till-next: a1 and a2 took b2 and are done, so key 1 holds nothing any more.
    expect(metrics.keys).toBe(0);
    expect(metrics.partialMatches).toBe(0);
    expect(metrics.bufferedEvents).toBe(0);
    pub.sendNext(ev('a3', 0, 3));
    await sub.expectNoMessage(99);
    expect(metrics.keys).toBe(1);
    clock.advance(1); // a3 times out: its key goes too
    expect(metrics.keys).toBe(0);
    expect(metrics.partialMatches).toBe(0);
    expect(metrics.bufferNodes).toBe(0);
    pub.sendComplete();
    await sub.expectComplete();
  });
});
