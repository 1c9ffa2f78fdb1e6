import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import {
  CEP,
  Pattern,
  PatternMetrics,
  type TimedOutMatch,
  TooManyPartialMatchesError,
} from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import { type Ev, evs, is, matches, render } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

// a followed by any number of b's, every combination: 2^n partial matches after n b's.
const combos = Pattern.of<Ev>()
  .begin('a')
  .where(is('a'))
  .followedBy('b')
  .where(is('b'))
  .oneOrMore()
  .allowCombinations()
  .followedBy('c')
  .where(is('c'));

describe('the shared buffer', () => {
  it('stores each event once and one node per branch', async () => {
    const metrics = new PatternMetrics();
    const [pub, done] = Source.queue<Ev>(16)
      .via(CEP.pattern(combos, { metrics }))
      .toMat(Sink.seq(), (l, r) => [l, r] as const)
      .run(mat);
    for (const e of evs('a b1 b2 b3')) void pub.offer(e);
    await expect.poll(() => metrics.bufferedEvents).toBe(4);
    // Six partial matches: a b1 b2 b3, a b1 b2 (twice: in the loop, and waiting for c), a b1 b3,
    // a b1 (twice). Their paths hold 17 events, but the buffer holds each event once and one
    // node per branch: a, b1, b2 after b1, b3 after b2, b3 after b1.
    expect(metrics.partialMatches).toBe(6);
    expect(metrics.bufferNodes).toBe(5);
    pub.complete();
    expect((await done).map(render)).toEqual([]);
    expect(metrics.bufferedEvents).toBe(0);
    expect(metrics.bufferNodes).toBe(0);
  });
});

describe('maxPartialMatches', () => {
  const input = evs('a b1 b2 b3 b4 c');

  it("'fail' fails the stream naming the key", async () => {
    const run = matches(mat, combos, input, { maxPartialMatches: 5, keyBy: (e: Ev) => e.key });
    await expect(run).rejects.toThrow(TooManyPartialMatchesError);
    await expect(run).rejects.toThrow(
      /^CEP\.pattern#\d+: key 0 has more than 5 partial matches, the maxPartialMatches bound$/,
    );
  });

  it("'dropOldest' keeps the newest partial matches and counts the dropped", async () => {
    const metrics = new PatternMetrics();
    const got = await matches(mat, combos, input, {
      maxPartialMatches: 5,
      onOverflow: 'dropOldest',
      metrics,
    });
    expect(got.length).toBeGreaterThan(0);
    expect(got.length).toBeLessThan(16);
    expect(metrics.dropped).toBeGreaterThan(0);
    expect(metrics.partialMatches).toBe(0);
  });

  it("'timeOut' sends the oldest to timedOut with their content", async () => {
    const timedOut: TimedOutMatch<object, unknown>[] = [];
    const got = await matches(mat, combos, input, {
      maxPartialMatches: 5,
      onOverflow: 'timeOut',
      timedOut: Sink.foreach((t: TimedOutMatch<object, unknown>) => timedOut.push(t)),
    });
    expect(got.length).toBeGreaterThan(0);
    expect(timedOut.length).toBeGreaterThan(0);
    expect(render(timedOut[0]?.match ?? {})).toMatch(/^a/);
  });
});
