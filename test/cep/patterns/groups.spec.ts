// Group patterns, after Flink's GroupITCase (flink-cep/src/test/.../nfa/GroupITCase.java): each
// test is named after Flink's and expects the same matches, in event order.
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { CEP, Pattern, PatternMetrics, type PatternOptions, type StepKind } from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { type Ev, evs, inEventOrder, is } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

async function found<Done, N extends string, E extends Ev, K extends StepKind>(
  pattern: Pattern<Ev, Done, N, E, K>,
  ids: string,
  options: PatternOptions<Ev, unknown, object> = {},
): Promise<string[]> {
  const out = await Source.from(evs(ids))
    .via(CEP.pattern(pattern, options))
    .runWith(Sink.seq(), mat);
  return out.map(inEventOrder).sort();
}

const Ev = Pattern.of<Ev>();
const c = Ev.begin('start').where(is('c'));
const ab = (): ReturnType<typeof abGroup> => abGroup();
const abGroup = () => Ev.begin('middle1').where(is('a')).followedBy('middle2').where(is('b'));
const abInput = 'c a1 b1 a2 b2 d';
const abc3 = 'c a1 b1 a2 b2 a3 b3 d';

describe('group patterns (Flink GroupITCase)', () => {
  it('testGroupFollowedByTimes: c (a b){2} d', async () => {
    const p = c.followedBy(ab()).times(2).followedBy('end').where(is('d'));
    expect(await found(p, abInput)).toEqual(['c a1 b1 a2 b2 d']);
  });

  it('testGroupFollowedByOptional: c (a b)? d', async () => {
    const p = c.followedBy(ab()).optional().followedBy('end').where(is('d'));
    expect(await found(p, 'c a1 a2 b d')).toEqual(['c a1 b d', 'c d']);
  });

  it('testFollowedByGroupTimesOptional: c (a b){2}? d', async () => {
    const p = c.followedBy(ab()).times(2).optional().followedBy('end').where(is('d'));
    expect(await found(p, 'c a d')).toEqual(['c d']);
  });

  it('testGroupFollowedByOneOrMore: c (a b)+ d', async () => {
    const p = c.followedBy(ab()).oneOrMore().followedBy('end').where(is('d'));
    expect(await found(p, abInput)).toEqual(['c a1 b1 a2 b2 d', 'c a1 b1 d']);
  });

  it('testGroupFollowedByZeroOrMore: c (a b)* d', async () => {
    const p = c.followedBy(ab()).oneOrMore().optional().followedBy('end').where(is('d'));
    expect(await found(p, abInput)).toEqual(['c a1 b1 a2 b2 d', 'c a1 b1 d', 'c d']);
  });

  it('testGroupFollowedByAnyTimesCombinations: c any (a b){2} d, allowCombinations', async () => {
    const p = c.followedByAny(ab()).times(2).allowCombinations().followedBy('end').where(is('d'));
    expect(await found(p, abc3)).toEqual(['c a1 b1 a2 b2 d', 'c a1 b1 a3 b3 d', 'c a2 b2 a3 b3 d']);
  });

  it('testGroupFollowedByAnyTimesOptional: c any (a b){2}? d', async () => {
    const p = c.followedByAny(ab()).times(2).optional().followedBy('end').where(is('d'));
    expect(await found(p, abc3)).toEqual(['c a1 b1 a2 b2 d', 'c a2 b2 a3 b3 d', 'c d']);
  });

  it('testGroupFollowedByAnyOneOrMore: c any (a b){1,} d', async () => {
    const p = c.followedByAny(ab()).oneOrMore().followedBy('end').where(is('d'));
    expect(await found(p, abc3)).toEqual([
      'c a1 b1 a2 b2 a3 b3 d',
      'c a1 b1 a2 b2 d',
      'c a1 b1 d',
      'c a2 b2 a3 b3 d',
      'c a2 b2 d',
      'c a3 b3 d',
    ]);
  });

  it('testGroupNextZeroOrMore: c next (a b)* d, consecutive', async () => {
    const p = c.next(ab()).oneOrMore().optional().consecutive().followedBy('end').where(is('d'));
    expect(await found(p, abc3)).toEqual([
      'c a1 b1 a2 b2 a3 b3 d',
      'c a1 b1 a2 b2 d',
      'c a1 b1 d',
      'c d',
    ]);
  });

  it('testGroupNotFollowedBy: c any (a b) ^d e', async () => {
    const p = c
      .followedByAny(ab())
      .notFollowedBy('notPattern')
      .where(is('d'))
      .followedBy('end')
      .where(is('e'));
    expect(await found(p, 'c a1 b1 d a2 b2 e')).toEqual(['c a2 b2 e']);
  });

  it('testGroupNotNext: c any (a b) next ^d e', async () => {
    const p = c
      .followedByAny(ab())
      .notNext('notPattern')
      .where(is('d'))
      .followedBy('end')
      .where(is('e'));
    expect(await found(p, 'c a1 b1 d a2 b2 e')).toEqual(['c a2 b2 e']);
  });

  it('testGroupNest: d (a (b c)*)? e', async () => {
    const bc = Ev.begin('middle2').where(is('b')).followedBy('middle3').where(is('c'));
    const inner = Ev.begin('middle1').where(is('a')).followedBy(bc).oneOrMore().optional();
    const p = Ev.begin('start')
      .where(is('d'))
      .followedBy(inner)
      .optional()
      .followedBy('end')
      .where(is('e'));
    expect(await found(p, 'd a1 b1 c1 b2 c2 e')).toEqual([
      'd a1 b1 c1 b2 c2 e',
      'd a1 b1 c1 e',
      'd a1 e',
      'd e',
    ]);
  });

  const nestInput = 'd a1 b1 c1 b2 c2 b3 c3 a2 b4 c4 b5 c5 b6 c6 e';

  it('testGroupNestTimes: d any (a (b c){3}){0,2} e', async () => {
    const bc = Ev.begin('middle2').where(is('b')).followedBy('middle3').where(is('c'));
    const inner = Ev.begin('middle1').where(is('a')).followedBy(bc).times(3);
    // Flink's times(0, 2) is times(1, 2).optional() here: counts start at one.
    const p = Ev.begin('start')
      .where(is('d'))
      .followedByAny(inner)
      .times(1, 2)
      .optional()
      .followedBy('end')
      .where(is('e'));
    expect(await found(p, nestInput)).toEqual([
      'd a1 b1 c1 b2 c2 b3 c3 a2 b4 c4 b5 c5 b6 c6 e',
      'd a1 b1 c1 b2 c2 b3 c3 e',
      'd a2 b4 c4 b5 c5 b6 c6 e',
      'd e',
    ]);
  });

  it('testGroupNestTimesConsecutive: d any (a (b c){3} consecutive){0,2} consecutive e', async () => {
    const bc = Ev.begin('middle2').where(is('b')).followedBy('middle3').where(is('c'));
    const inner = Ev.begin('middle1').where(is('a')).followedBy(bc).times(3).consecutive();
    const p = Ev.begin('start')
      .where(is('d'))
      .followedByAny(inner)
      .times(1, 2)
      .optional()
      .consecutive()
      .followedBy('end')
      .where(is('e'));
    const input = 'd a1 b1 c1 b2 c2 b3 c3 a2 b4 c4 x b5 c5 b6 c6 e';
    expect(await found(p, input)).toEqual(['d a1 b1 c1 b2 c2 b3 c3 e', 'd e']);
  });

  it('testGroupBegin: (a b){1,2} d', async () => {
    const p = Pattern.begin(ab()).times(1, 2).followedBy('end').where(is('d'));
    expect(await found(p, 'a1 b1 a2 b2 d')).toEqual(['a1 b1 a2 b2 d', 'a1 b1 d', 'a2 b2 d']);
  });

  it('testGroupFollowedByOneOrMoreWithUntilCondition: c (a b)+ until d, d', async () => {
    const p = c.followedBy(ab()).oneOrMore().until(is('d')).followedBy('end').where(is('d'));
    expect(await found(p, abInput)).toEqual(['c a1 b1 a2 b2 d', 'c a1 b1 d']);
    // Flink leaves only its start state: the until event ended every partial match in the group.
    const live = async (q: typeof p): Promise<number> => {
      const metrics = new PatternMetrics();
      const [pub, sub] = TestSource.probe<Ev>()
        .via(CEP.pattern(q, { metrics }))
        .toMat(TestSink.probe<object>(), Keep.both)
        .run(mat);
      sub.request(10);
      pub.sendNext(...evs(abInput));
      await sub.expectNextN(2);
      const n = metrics.partialMatches;
      pub.sendComplete();
      await sub.expectComplete();
      return n;
    };
    const withoutUntil = c.followedBy(ab()).oneOrMore().followedBy('end').where(is('d'));
    expect(await live(p)).toBe(0);
    expect(await live(withoutUntil)).toBeGreaterThan(0);
  });

  it('testGroupStartsWithOptionalPattern: a next (b? next c) next d', async () => {
    const bc = Ev.begin('middle1').where(is('b')).optional().next('middle2').where(is('c'));
    const p = Ev.begin('start').where(is('a')).next(bc).next('d').where(is('d'));
    expect(await found(p, 'a c d')).toEqual(['a c d']);
  });

  it('testFollowedByOptionalGroupPattern: a -> (b next c)? next d', async () => {
    const bc = Ev.begin('middle1').where(is('b')).next('middle2').where(is('c'));
    const p = Ev.begin('start').where(is('a')).followedBy(bc).optional().next('d').where(is('d'));
    expect(await found(p, 'a d1 d2')).toEqual(['a d1']);
  });
});

describe('group patterns: the match', () => {
  it('a step inside a looping group collects an array across iterations', async () => {
    const p = c.followedBy(ab()).oneOrMore().followedBy('end').where(is('d'));
    const out = await Source.from(evs(abInput)).via(CEP.pattern(p)).runWith(Sink.seq(), mat);
    const ids = out.map((m) => ({
      start: m.start.id,
      middle1: m.middle1.map((e) => e.id),
      middle2: m.middle2.map((e) => e.id),
      end: m.end.id,
    }));
    expect(ids).toContainEqual({
      start: 'c',
      middle1: ['a1', 'a2'],
      middle2: ['b1', 'b2'],
      end: 'd',
    });
  });

  it('an optional group gives undefined for its steps when skipped', async () => {
    const p = c.followedBy(ab()).optional().followedBy('end').where(is('d'));
    const out = await Source.from(evs('c d')).via(CEP.pattern(p)).runWith(Sink.seq(), mat);
    expect(out).toHaveLength(1);
    expect(out[0]?.middle1).toBeUndefined();
    expect(out[0]?.middle2).toBeUndefined();
    expect(out[0]?.end.id).toBe('d');
  });

  it('iterative conditions see the events a group step took in earlier iterations', async () => {
    // Each iteration's a must differ from the a's before it: a1 a1 cannot repeat.
    const g = Ev.begin('x')
      .where((e, ctx) => e.kind === 'a' && !ctx.eventsFor('x').some((o) => o.id === e.id))
      .next('y')
      .where(is('b'));
    const p = Pattern.begin(g).times(2).consecutive();
    const input = [...evs('a1 b1'), ...evs('a1 b2 a2 b3')].map((e, i) => ({ ...e, ts: i + 1 }));
    const out = await Source.from(input).via(CEP.pattern(p)).runWith(Sink.seq(), mat);
    expect(out.map(inEventOrder)).toEqual(['a1 b2 a2 b3']);
  });

  it('frees every node and event once the matches are out', async () => {
    const metrics = new PatternMetrics();
    const p = c.followedByAny(ab()).oneOrMore().followedBy('end').where(is('d'));
    expect(await found(p, abc3, { metrics })).toHaveLength(6);
    expect(metrics.partialMatches).toBe(0);
    expect(metrics.bufferNodes).toBe(0);
    expect(metrics.bufferedEvents).toBe(0);
  });
});
