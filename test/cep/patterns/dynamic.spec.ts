import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink } from 'sluice';
import {
  CEP,
  type DynamicPatternOptions,
  MalformedPatternError,
  Pattern,
  PatternMetrics,
  RuleChangeError,
  type RuleMatch,
  type RulePattern,
  type TimedOutRuleMatch,
  Watermark,
} from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { type Ev, is, render } from './run.js';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

const ev = (id: string, key = 0): Ev => ({ id, kind: id.charAt(0), ts: 0, key });
const then = (first: string, second: string) =>
  Pattern.of<Ev>().begin(first).where(is(first)).followedBy(second).where(is(second));
const tag = (m: RuleMatch<Ev>): string => `${m.ruleId}@${String(m.version)}: ${render(m.match)}`;

type Timed = TimedOutRuleMatch<Ev, unknown>;

function start(
  rules: Readonly<Record<string, RulePattern<Ev>>>,
  options: DynamicPatternOptions<Ev, unknown> = {},
  on = mat,
) {
  const [[pub, control], sub] = TestSource.probe<Ev>()
    .viaMat(CEP.dynamic(rules, options), Keep.both)
    .toMat(TestSink.probe<RuleMatch<Ev>>(), Keep.both)
    .run(on);
  sub.request(100);
  return { pub, control, sub };
}

describe('CEP.dynamic', () => {
  it('tags each match with its rule and version; every rule sees every event', async () => {
    const { pub, control, sub } = start({ ab: then('a', 'b'), ac: then('a', 'c') });
    pub.sendNext(ev('a1'), ev('c1'), ev('b1'));
    expect(tag(await sub.expectNextAny())).toBe('ac@1: a1 c1');
    expect(tag(await sub.expectNextAny())).toBe('ab@1: a1 b1');
    expect(await control.rules()).toEqual([
      { ruleId: 'ab', version: 1, isActive: true, keys: 0 },
      { ruleId: 'ac', version: 1, isActive: true, keys: 0 },
    ]);
    pub.sendComplete();
    await sub.expectComplete();
  });

  describe('swap', () => {
    it("'finish': old partial matches run to completion, new ones start only on the new version", async () => {
      const metrics = new PatternMetrics();
      const { pub, control, sub } = start({ r: then('a', 'b') }, { metrics });
      pub.sendNext(ev('a1'));
      await sub.expectNoMessage(0);
      expect(metrics.partialMatches).toBe(1);
      expect(await control.swap('r', then('a', 'c'), { partialMatches: 'finish' })).toBe(2);
      expect(metrics.partialMatches).toBe(1);
      expect(metrics.rules).toBe(2);
      expect(await control.rules()).toEqual([
        { ruleId: 'r', version: 1, isActive: false, keys: 1 },
        { ruleId: 'r', version: 2, isActive: true, keys: 0 },
      ]);
      pub.sendNext(ev('a2')); // starts on version 2 only
      await sub.expectNoMessage(0);
      expect(metrics.partialMatches).toBe(2);
      pub.sendNext(ev('b1')); // finishes version 1's a1; a2 on version 2 waits for a c
      expect(tag(await sub.expectNextAny())).toBe('r@1: a1 b1');
      expect(metrics.partialMatches).toBe(1);
      expect(metrics.rules).toBe(1); // version 1 held nothing more: it is gone
      pub.sendNext(ev('c1'));
      expect(tag(await sub.expectNextAny())).toBe('r@2: a2 c1');
      expect(metrics.partialMatches).toBe(0);
      expect(metrics.keys).toBe(0);
      pub.sendComplete();
      await sub.expectComplete();
      expect(metrics.rules).toBe(0);
    });

    it("'finish' with within: the old version's partial matches time out on the clock", async () => {
      const metrics = new PatternMetrics();
      const timedOut: Timed[] = [];
      const { pub, control, sub } = start(
        { r: then('a', 'b').within(100) },
        { metrics, keyBy: (e) => e.key, timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) },
      );
      const t0 = clock.now();
      pub.sendNext(ev('a1', 7));
      await sub.expectNoMessage(0);
      await control.swap('r', then('x', 'y'));
      expect(metrics.keys).toBe(1);
      clock.advance(100);
      expect(
        timedOut.map((t) => [t.ruleId, t.version, t.key, render(t.match), t.timestamp]),
      ).toEqual([['r', 1, 7, 'a1', t0 + 100]]);
      // The key held nothing more: its state is gone, and so is version 1.
      expect(metrics.keys).toBe(0);
      expect(metrics.partialMatches).toBe(0);
      expect(metrics.bufferNodes).toBe(0);
      expect(await control.rules()).toEqual([{ ruleId: 'r', version: 2, isActive: true, keys: 0 }]);
      pub.sendComplete();
      await sub.expectComplete();
      expect(clock.pendingTimers).toBe(0);
    });

    it("'drop': old partial matches are discarded and counted", async () => {
      const metrics = new PatternMetrics();
      const { pub, control, sub } = start({ r: then('a', 'b') }, { metrics });
      pub.sendNext(ev('a1'), ev('a2'));
      await sub.expectNoMessage(0);
      expect(metrics.partialMatches).toBe(2);
      await control.swap('r', then('a', 'b'), { partialMatches: 'drop' });
      expect(metrics.partialMatches).toBe(0);
      expect(metrics.dropped).toBe(2);
      expect(metrics.bufferedEvents).toBe(0);
      expect(metrics.rules).toBe(1);
      pub.sendNext(ev('b1')); // a1 and a2 are gone: nothing matches
      await sub.expectNoMessage(0);
      pub.sendNext(ev('a3'), ev('b2'));
      expect(tag(await sub.expectNextAny())).toBe('r@2: a3 b2');
      pub.sendComplete();
      await sub.expectComplete();
    });

    it("'timeOut': old partial matches go to timedOut with their content", async () => {
      const metrics = new PatternMetrics();
      const timedOut: Timed[] = [];
      const { pub, control, sub } = start(
        { r: then('a', 'b') },
        { metrics, timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) },
      );
      clock.advance(5);
      pub.sendNext(ev('a1'), ev('a2'));
      await sub.expectNoMessage(0);
      await control.swap('r', then('b', 'c'), { partialMatches: 'timeOut' });
      expect(metrics.partialMatches).toBe(0);
      expect(metrics.timedOut).toBe(2);
      expect(timedOut.map((t) => `${t.ruleId}@${String(t.version)}: ${render(t.match)}`)).toEqual([
        'r@1: a1',
        'r@1: a2',
      ]);
      expect(timedOut[0]?.match['b']).toBeUndefined();
      expect(timedOut[0]?.timestamp).toBe(clock.now());
      pub.sendNext(ev('b1'), ev('c1'));
      expect(tag(await sub.expectNextAny())).toBe('r@2: b1 c1');
      pub.sendComplete();
      await sub.expectComplete();
    });

    it("'timeOut' on the strict fast path gives each partial match's events", async () => {
      const timedOut: Timed[] = [];
      const abc = Pattern.of<Ev>().begin('a').where(is('a')).next('b').where(is('b')).next('c');
      const { pub, control, sub } = start(
        { r: abc.where(is('c')) },
        { timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) },
      );
      pub.sendNext(ev('a1'), ev('b1'));
      await sub.expectNoMessage(0);
      await control.swap('r', abc.where(is('d')), { partialMatches: 'timeOut' });
      expect(timedOut.map((t) => render(t.match))).toEqual(['a1 b1']);
      expect(timedOut[0]?.match['c']).toBeUndefined();
      pub.sendNext(ev('a2'), ev('b2'), ev('d1'));
      expect(tag(await sub.expectNextAny())).toBe('r@2: a2 b2 d1');
      pub.sendComplete();
      await sub.expectComplete();
    });

    it("'finish' on the strict fast path starts nothing new on the old version", async () => {
      const metrics = new PatternMetrics();
      const ab = Pattern.of<Ev>().begin('a').where(is('a')).next('b').where(is('b'));
      const { pub, control, sub } = start({ r: ab }, { metrics });
      pub.sendNext(ev('a1'));
      await sub.expectNoMessage(0);
      await control.swap('r', Pattern.of<Ev>().begin('a').where(is('a')).next('c').where(is('c')));
      pub.sendNext(ev('a2'), ev('b1')); // a1 was not followed by b directly: version 1 is done
      await sub.expectNoMessage(0);
      expect(metrics.rules).toBe(1);
      pub.sendNext(ev('a3'), ev('c1'));
      expect(tag(await sub.expectNextAny())).toBe('r@2: a3 c1');
      pub.sendComplete();
      await sub.expectComplete();
    });
  });

  describe('add and remove', () => {
    it('adds a rule that sees the events after it, and counts versions on after a remove', async () => {
      const metrics = new PatternMetrics();
      const { pub, control, sub } = start({}, { metrics });
      pub.sendNext(ev('a1'));
      await sub.expectNoMessage(0);
      expect(await control.add('r', then('a', 'b'))).toBe(1);
      pub.sendNext(ev('a2'), ev('b1'));
      expect(tag(await sub.expectNextAny())).toBe('r@1: a2 b1');
      pub.sendNext(ev('a3'));
      await sub.expectNoMessage(0);
      await control.remove('r', { partialMatches: 'drop' });
      expect(metrics.dropped).toBe(1);
      expect(metrics.rules).toBe(0);
      expect(await control.rules()).toEqual([]);
      pub.sendNext(ev('b2'));
      await sub.expectNoMessage(0);
      expect(await control.add('r', then('a', 'b'))).toBe(2);
      pub.sendNext(ev('a4'), ev('b3'));
      expect(tag(await sub.expectNextAny())).toBe('r@2: a4 b3');
      pub.sendComplete();
      await sub.expectComplete();
    });

    it("remove with 'finish' lets the partial matches complete", async () => {
      const { pub, control, sub } = start({ r: then('a', 'b') });
      pub.sendNext(ev('a1'));
      await sub.expectNoMessage(0);
      await control.remove('r');
      pub.sendNext(ev('a2'), ev('b1'));
      expect(tag(await sub.expectNextAny())).toBe('r@1: a1 b1'); // a2 started nothing
      await sub.expectNoMessage(0);
      expect(await control.rules()).toEqual([]);
      pub.sendComplete();
      await sub.expectComplete();
    });

    it('refuses an unknown rule id, an id taken, a malformed pattern; the stream goes on', async () => {
      const { pub, control, sub } = start({ r: then('a', 'b') });
      await expect(control.swap('nope', then('a', 'b'))).rejects.toThrow(
        /^CEP\.dynamic#\d+: cannot swap rule 'nope': no such rule \(rules: 'r'\)$/,
      );
      await expect(control.remove('nope')).rejects.toThrow(RuleChangeError);
      await expect(control.add('r', then('a', 'b'))).rejects.toThrow(
        /^CEP\.dynamic#\d+: cannot add rule 'r': it exists$/,
      );
      const trailing = Pattern.of<Ev>().begin('a').notFollowedBy('x');
      await expect(control.add('t', trailing)).rejects.toThrow(MalformedPatternError);
      await expect(control.add('', then('a', 'b'))).rejects.toThrow('CEP.dynamic#');
      await expect(
        control.swap('r', then('a', 'b'), { partialMatches: 'keep' as 'drop' }),
      ).rejects.toThrow(/partialMatches must be 'finish', 'drop' or 'timeOut', got "keep"/);
      pub.sendNext(ev('a1'), ev('b1'));
      expect(tag(await sub.expectNextAny())).toBe('r@1: a1 b1');
      pub.sendComplete();
      await sub.expectComplete();
    });

    it('refuses bad initial rules when built', () => {
      expect(() => CEP.dynamic({ '': then('a', 'b') })).toThrow(
        'CEP.dynamic: a rule id must be a non-empty string, got ""',
      );
      expect(() => CEP.dynamic({ r: {} as RulePattern<Ev> })).toThrow(
        "CEP.dynamic: rule 'r' is not a Pattern",
      );
    });
  });

  it("in event time, 'timeOut' stamps partial matches with the watermark", async () => {
    const timedOut: Timed[] = [];
    const [[pub, control], sub] = TestSource.probe<Ev | Watermark>()
      .viaMat(
        CEP.dynamic(
          { r: then('a', 'b') },
          {
            timestamp: (e: Ev) => e.ts,
            watermark: 'fromStream',
            timedOut: Sink.foreach((t: Timed) => timedOut.push(t)),
          },
        ),
        Keep.both,
      )
      .toMat(TestSink.probe<RuleMatch<Ev>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext({ ...ev('a1'), ts: 10 }, new Watermark(20), { ...ev('a2'), ts: 30 });
    await sub.expectNoMessage(0);
    await control.swap('r', then('a', 'c'), { partialMatches: 'timeOut' });
    // a2 waits for the watermark: it was not matched yet, so version 2 takes it.
    expect(timedOut.map((t) => [render(t.match), t.timestamp])).toEqual([['a1', 20]]);
    pub.sendNext({ ...ev('c1'), ts: 40 }, new Watermark(50));
    expect(tag(await sub.expectNextAny())).toBe('r@2: a2 c1');
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('rejects every call once the stream has stopped', async () => {
    const { pub, control, sub } = start({ r: then('a', 'b') });
    pub.sendComplete();
    await sub.expectComplete();
    await expect(control.swap('r', then('a', 'c'))).rejects.toThrow(
      /^CEP\.dynamic#\d+: cannot swap rule 'r': the stream has stopped$/,
    );
    await expect(control.add('s', then('a', 'c'))).rejects.toThrow(RuleChangeError);
    await expect(control.rules()).rejects.toThrow(/cannot rules: the stream has stopped/);
  });

  it('runs on the real clock: a finishing version times out after a few ms', async () => {
    const real = new Materializer();
    const timedOut: Timed[] = [];
    const { pub, control, sub } = start(
      { r: then('a', 'b').within(5) },
      { timedOut: Sink.foreach((t: Timed) => timedOut.push(t)) },
      real,
    );
    pub.sendNext(ev('a1'));
    await control.swap('r', then('a', 'c').within(5));
    const started = Date.now();
    await expect.poll(() => timedOut.length, { interval: 1, timeout: 1000 }).toBe(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3);
    expect(timedOut[0]?.version).toBe(1);
    expect((await control.rules()).map((r) => r.version)).toEqual([2]);
    pub.sendComplete();
    await sub.expectComplete();
    assertAllStagesStopped(real);
  });
});
