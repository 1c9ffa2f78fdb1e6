// Per-loop time gaps (Flink 1.18's oneOrMore(windowTime), times(n, windowTime),
// timesOrMore(n, windowTime)): as in Flink's NFA.advanceTime, a partial match still inside a
// timed loop times out once `windowTime` has passed since the loop's last event (`>=`), on the
// next event, the watermark or the clock; partial matches that left the loop are not bound by it.
import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { CEP, Pattern, type TimedOutMatch, Watermark } from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { type Ev, inEventOrder, is } from './run.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

const ev = (id: string, ts = 0): Ev => ({ id, kind: id.charAt(0), ts, key: 0 });
type Timed = TimedOutMatch<object, unknown>;
const byTs = { timestamp: (e: Ev) => e.ts, watermark: 'fromStream' as const };

describe('per-loop time gaps on the clock (no timestamp)', () => {
  it('oneOrMore(windowTime): a loop partial match times out with no new event', async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .oneOrMore({ windowTime: 100 })
      .followedBy('b')
      .where(is('b'));
    const timedOut: Timed[] = [];
    const [pub, sub] = TestSource.probe<Ev>()
      .via(CEP.pattern(p, { timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) }))
      .toMat(TestSink.probe<object>(), Keep.both)
      .run(mat);
    sub.request(10);
    const t0 = clock.now();
    pub.sendNext(ev('a1'));
    clock.advance(50);
    pub.sendNext(ev('a2'));
    clock.advance(99);
    await sub.expectNoMessage(0);
    expect(timedOut).toEqual([]);
    clock.advance(1);
    // The two partial matches in the loop, each 100 ms after a2, their last event.
    expect(timedOut.map((t) => [inEventOrder(t.match), t.timestamp - t0]).sort()).toEqual([
      ['a1 a2', 150],
      ['a2', 150],
    ]);
    // The branch that had left the loop after a1 is not bound by the gap.
    pub.sendNext(ev('b1'));
    expect(inEventOrder(await sub.expectNextAny())).toBe('a1 b1');
    pub.sendComplete();
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it('without the gap the same events give every match', async () => {
    const p = Pattern.of<Ev>().begin('a').where(is('a')).oneOrMore().followedBy('b').where(is('b'));
    const out = await Source.from([ev('a1'), ev('a2'), ev('b1')])
      .via(CEP.pattern(p))
      .runWith(Sink.seq(), mat);
    expect(out.map(inEventOrder).sort()).toEqual(['a1 a2 b1', 'a1 b1', 'a2 b1']);
  });

  it('runs on the real clock: the gap fires after a few ms, not before', async () => {
    const real = new Materializer();
    const p = Pattern.of<Ev>().begin('a').where(is('a')).timesOrMore(2, { windowTime: 5 });
    let resolve: (t: Timed) => void = () => undefined;
    const first = new Promise<Timed>((r) => (resolve = r));
    const [pub, sub] = TestSource.probe<Ev>()
      .via(
        CEP.pattern(p, {
          timedOut: Sink.foreach((t: Timed) => {
            resolve(t);
          }),
        }),
      )
      .toMat(TestSink.probe<object>(), Keep.both)
      .run(real);
    sub.request(1);
    const start = Date.now();
    pub.sendNext(ev('a1'));
    const t = await first;
    expect(inEventOrder(t.match)).toBe('a1');
    expect(Date.now() - start).toBeGreaterThanOrEqual(4);
    pub.sendComplete();
    await sub.expectComplete();
    assertAllStagesStopped(real);
  });
});

describe('per-loop time gaps in event time', () => {
  it('times(n, windowTime): a gap of windowTime or more breaks the loop', async () => {
    const p = Pattern.of<Ev>().begin('a').where(is('a')).times(3, { windowTime: 10 });
    const timedOut: Timed[] = [];
    const input = [ev('a1', 1), ev('a2', 5), ev('a3', 20), ev('a4', 25), ev('a5', 30)];
    const out = await Source.from(input)
      .via(CEP.pattern(p, { ...byTs, timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) }))
      .runWith(Sink.seq(), mat);
    expect(out.map(inEventOrder)).toEqual(['a3 a4 a5']);
    expect(timedOut.map((t) => [inEventOrder(t.match), t.timestamp])).toEqual([
      ['a1 a2', 15],
      ['a2', 15],
      ['a4 a5', 40],
      ['a5', 40],
    ]);
  });

  it('times out on the watermark with no new event', async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .timesOrMore(2, { windowTime: 10 })
      .followedBy('b')
      .where(is('b'));
    const timedOut: Timed[] = [];
    const [pub, sub] = TestSource.probe<Ev | Watermark>()
      .via(CEP.pattern(p, { ...byTs, timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) }))
      .toMat(TestSink.probe<object>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext(ev('a1', 100), new Watermark(109));
    await sub.expectNoMessage(0);
    expect(timedOut).toEqual([]);
    pub.sendNext(new Watermark(110));
    await sub.expectNoMessage(0);
    expect(timedOut.map((t) => [inEventOrder(t.match), t.timestamp])).toEqual([['a1', 110]]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('on a group: the gap bounds the wait between any two of its events, not its entry', async () => {
    const ab = Pattern.of<Ev>().begin('x').where(is('a')).followedBy('y').where(is('b'));
    const p = Pattern.of<Ev>()
      .begin('start')
      .where(is('c'))
      .followedBy(ab)
      .oneOrMore({ windowTime: 10 })
      .followedBy('end')
      .where(is('d'));
    const input = [
      ev('c1', 1),
      ev('a1', 30),
      ev('b1', 32),
      ev('a2', 36),
      ev('b2', 50),
      ev('d1', 52),
    ];
    const timedOut: Timed[] = [];
    const out = await Source.from(input)
      .via(CEP.pattern(p, { ...byTs, timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) }))
      .runWith(Sink.seq(), mat);
    // c1 to a1 is 29 ms: the group's entry is not bound. a2 to b2 is 14: the second iteration
    // is broken, and times out 10 ms after a2.
    expect(out.map(inEventOrder)).toEqual(['c1 a1 b1 d1']);
    expect(timedOut.map((t) => [inEventOrder(t.match), t.timestamp])).toEqual([
      ['c1 a1 b1 a2', 46],
    ]);
    const without = Pattern.of<Ev>()
      .begin('start')
      .where(is('c'))
      .followedBy(ab)
      .oneOrMore()
      .followedBy('end')
      .where(is('d'));
    const all = await Source.from(input).via(CEP.pattern(without, byTs)).runWith(Sink.seq(), mat);
    expect(all.map(inEventOrder).sort()).toEqual(['c1 a1 b1 a2 b2 d1', 'c1 a1 b1 d1']);
  });
});
