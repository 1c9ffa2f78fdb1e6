import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { Pattern, PatternMetrics } from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import { type Ev, evs, is, matches } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('CEP.pattern contiguity (Flink CEP docs)', () => {
  const input = evs('a c b1 b2');
  const a = Pattern.of<Ev>().begin('a').where(is('a'));

  it('next over a, c, b1, b2 finds nothing', async () => {
    expect(await matches(mat, a.next('b').where(is('b')), input)).toEqual([]);
  });

  it('followedBy over a, c, b1, b2 finds {a b1}', async () => {
    expect(await matches(mat, a.followedBy('b').where(is('b')), input)).toEqual(['a b1']);
  });

  it('followedByAny over a, c, b1, b2 finds {a b1} and {a b2}', async () => {
    expect(await matches(mat, a.followedByAny('b').where(is('b')), input)).toEqual([
      'a b1',
      'a b2',
    ]);
  });

  describe('begin(c).followedBy(a).oneOrMore().followedBy(b) over c d a1 a2 a3 d a4 b', () => {
    const input2 = evs('c d a1 a2 a3 d a4 b');
    const base = Pattern.of<Ev>()
      .begin('c')
      .where(is('c'))
      .followedBy('a')
      .where(is('a'))
      .oneOrMore();

    it('gives 3 matches with consecutive()', async () => {
      const got = await matches(mat, base.consecutive().followedBy('b').where(is('b')), input2);
      expect(got.sort()).toEqual(['c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b']);
    });

    it('gives 4 matches with no modifier (relaxed)', async () => {
      const got = await matches(mat, base.followedBy('b').where(is('b')), input2);
      expect(got.sort()).toEqual(['c a1 a2 a3 a4 b', 'c a1 a2 a3 b', 'c a1 a2 b', 'c a1 b']);
    });

    it('gives 8 matches with allowCombinations()', async () => {
      const metrics = new PatternMetrics();
      const got = await matches(
        mat,
        base.allowCombinations().followedBy('b').where(is('b')),
        input2,
        { metrics },
      );
      expect(got.sort()).toEqual([
        'c a1 a2 a3 a4 b',
        'c a1 a2 a3 b',
        'c a1 a2 a4 b',
        'c a1 a2 b',
        'c a1 a3 a4 b',
        'c a1 a3 b',
        'c a1 a4 b',
        'c a1 b',
      ]);
      expect(metrics.matches).toBe(8);
      expect(metrics.partialMatches).toBe(0);
      expect(metrics.bufferNodes).toBe(0);
      expect(metrics.bufferedEvents).toBe(0);
    });
  });

  it('a strict three-step pattern matches only adjacent events', async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .next('b')
      .where(is('b'))
      .next('c')
      .where(is('c'));
    expect(await matches(mat, p, evs('a1 b1 c1 a2 b2 x c2 a3 a4 b3 c3'))).toEqual([
      'a1 b1 c1',
      'a4 b3 c3',
    ]);
  });
});
