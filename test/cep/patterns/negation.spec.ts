import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { Pattern } from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import { type Ev, evs, is, matches } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const a = Pattern.of<Ev>().begin('a').where(is('a'));

describe('notNext and notFollowedBy', () => {
  it('notNext kills a partial match whose very next event matches', async () => {
    const p = a.notNext('x').where(is('x')).followedBy('b').where(is('b'));
    expect(await matches(mat, p, evs('a1 x b1 a2 c x b2'))).toEqual(['a2 b2']);
  });

  it('notFollowedBy kills a partial match when the event comes anywhere before the next step', async () => {
    const p = a.notFollowedBy('x').where(is('x')).followedBy('b').where(is('b'));
    expect(await matches(mat, p, evs('a1 c x b1 a2 c b2'))).toEqual(['a2 b2']);
  });

  it('a trailing notNext matches on the next event that is not forbidden', async () => {
    const p = a.notNext('x').where(is('x'));
    expect(await matches(mat, p, evs('a1 x a2 c a3'))).toEqual(['a2']);
  });
});

describe('until', () => {
  // Flink docs: oneOrMore().until(cond) stops the loop at the first event passing cond.
  it('ends a loop: the until event is not taken and later events are not either', async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .oneOrMore()
      .until(is('u'))
      .followedBy('b')
      .where(is('b'));
    expect(await matches(mat, p, evs('a1 a2 u a3 b'))).toEqual(['a1 a2 b', 'a1 b', 'a2 b', 'a3 b']);
  });
});

describe('optional and times', () => {
  it('an optional step appears as undefined when skipped', async () => {
    const p = a.followedBy('o').where(is('o')).optional().followedBy('b').where(is('b'));
    expect(await matches(mat, p, evs('a1 o b'))).toEqual(['a1 o b', 'a1 b']);
  });

  it('times(2) takes exactly two events, times(2, 3) two or three', async () => {
    const two = Pattern.of<Ev>().begin('a').where(is('a')).times(2).consecutive();
    expect(await matches(mat, two, evs('a1 a2 a3'))).toEqual(['a1 a2', 'a2 a3']);
    const twoOrThree = Pattern.of<Ev>().begin('a').where(is('a')).times(2, 3).consecutive();
    expect(await matches(mat, twoOrThree, evs('a1 a2 a3'))).toEqual(['a1 a2', 'a1 a2 a3', 'a2 a3']);
  });

  it('timesOrMore(2) takes two or more', async () => {
    const p = Pattern.of<Ev>().begin('a').where(is('a')).timesOrMore(2).consecutive();
    expect(await matches(mat, p, evs('a1 a2 a3'))).toEqual(['a1 a2', 'a1 a2 a3', 'a2 a3']);
  });

  it('iterative conditions see earlier steps and the timestamp', async () => {
    const p = Pattern.of<Ev>()
      .begin('a')
      .where(is('a'))
      .followedBy('b')
      .where((e, ctx) => e.kind === 'b' && ctx.eventsFor('a').length === 1 && ctx.timestamp > 3);
    expect(await matches(mat, p, evs('a1 b1 c b2'), { timestamp: (e: Ev) => e.ts })).toEqual([
      'a1 b2',
    ]);
  });
});
