// The NFA in event time, with keys and `within`, against the brute-force matcher: the paths the
// runtime takes for speed (events in order through a ring, out of order through a heap; matchers
// reused from key to key and kept idle; partial-match deadlines in a time-ordered queue, due
// ones timed out before each event; successors written in place over the partial matches read).
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer, Sink, Source } from 'sluice';
import {
  CEP,
  Pattern,
  PatternMetrics,
  type TimedOutMatch,
  type WithinMode,
  WatermarkStrategy,
} from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import { allMatches, type ModelStep } from './bruteForce.js';
import { type Ev, is, render } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const one = (name: string, kind: string, contiguity: ModelStep['contiguity']): ModelStep => ({
  name,
  kinds: [kind],
  contiguity,
  min: 1,
  max: 1,
  isOptional: false,
  inner: 'relaxed',
});

// The loose builder type of a pattern assembled from parts.
interface Loose {
  where(c: (e: Ev) => boolean): Loose;
  next(n: string): Loose;
  followedBy(n: string): Loose;
  within(ms: number, mode: WithinMode): Loose;
}

/** Every case is `a`, a middle step `b`, then `c`, the model and the pattern side by side. */
interface Case {
  readonly name: string;
  readonly b: ModelStep;
  readonly withB: (afterA: Loose) => Loose;
}

const cases: readonly Case[] = [
  {
    name: 'a followedBy b followedBy c',
    b: one('b', 'b', 'relaxed'),
    withB: (p) => p.followedBy('b').where(is('b')),
  },
  {
    name: 'a followedBy b+ followedBy c',
    b: { ...one('b', 'b', 'relaxed'), max: Infinity },
    withB: (p) => (p.followedBy('b').where(is('b')) as unknown as Quantified).oneOrMore(),
  },
  {
    name: 'a followedByAny b{2,3} allowCombinations followedBy c',
    b: { ...one('b', 'b', 'any'), min: 2, max: 3, inner: 'any' },
    withB: (p) =>
      (p as unknown as Quantified)
        .followedByAny('b')
        .where(is('b'))
        .times(2, 3)
        .allowCombinations(),
  },
  {
    name: 'a followedBy b? followedBy c',
    b: { ...one('b', 'b', 'relaxed'), isOptional: true },
    withB: (p) => (p.followedBy('b').where(is('b')) as unknown as Quantified).optional(),
  },
];

interface Quantified extends Loose {
  followedByAny(n: string): Quantified;
  where(c: (e: Ev) => boolean): Quantified;
  oneOrMore(): Loose;
  times(from: number, to: number): Quantified;
  allowCombinations(): Loose;
  optional(): Loose;
}

const modelOf = (c: Case): ModelStep[] => [one('a', 'a', 'strict'), c.b, one('c', 'c', 'relaxed')];

function patternOf(c: Case, within: number, mode: WithinMode): Loose {
  const a = Pattern.of<Ev>().begin('a').where(is('a')) as unknown as Loose;
  return c.withB(a).followedBy('c').where(is('c')).within(within, mode);
}

/** The events of one key in event-time order, arrival order among equal times. */
function inOrder(events: readonly Ev[]): Ev[] {
  return events
    .map((e, arrival) => ({ e, arrival }))
    .sort((x, y) => x.e.ts - y.e.ts || x.arrival - y.arrival)
    .map((x) => x.e);
}

/** What the model expects: per key, every match of the on-time events that fits `within`. */
function expected(
  c: Case,
  events: readonly Ev[],
  outOfOrderness: number,
  within: number,
  mode: WithinMode,
): string[] {
  // The watermark after each element is the highest timestamp so far - bound - 1: an element at
  // or below the watermark when it arrives is late.
  let max = Number.NEGATIVE_INFINITY;
  const onTime: Ev[] = [];
  for (const e of events) {
    if (e.ts > max - outOfOrderness - 1) onTime.push(e);
    max = Math.max(max, e.ts);
  }
  const out: string[] = [];
  for (const key of new Set(onTime.map((e) => e.key))) {
    const mine = inOrder(onTime.filter((e) => e.key === key));
    for (const m of allMatches(modelOf(c), mine)) {
      const ts = m.at.map((at) => (mine[at] as Ev).ts);
      const isWithin =
        mode === 'firstAndLast'
          ? (ts[ts.length - 1] as number) - (ts[0] as number) < within
          : ts.every((t, k) => k === 0 || t - (ts[k - 1] as number) < within);
      if (isWithin) out.push(m.at.map((at) => (mine[at] as Ev).id).join(' '));
    }
  }
  return out.sort();
}

const eventsOf = fc
  .array(
    fc.record({
      kind: fc.constantFrom('a', 'b', 'c', 'd'),
      key: fc.integer({ min: 0, max: 2 }),
      jitter: fc.integer({ min: 0, max: 3 }),
    }),
    { maxLength: 14 },
  )
  .map((rs) =>
    rs.map((r, i): Ev => ({
      id: `${r.kind}${String(i)}`,
      kind: r.kind,
      ts: i + r.jitter,
      key: r.key,
    })),
  );

describe('the NFA in event time with keys and within equals a brute-force enumeration', () => {
  for (const c of cases) {
    it(`${c.name}: every match, late events dropped, nothing left held`, async () => {
      await fc.assert(
        fc.asyncProperty(
          eventsOf,
          fc.integer({ min: 0, max: 3 }),
          fc.integer({ min: 1, max: 8 }),
          fc.constantFrom<WithinMode>('firstAndLast', 'previousAndCurrent'),
          fc.boolean(),
          async (events, outOfOrderness, within, mode, hasTimedOutSink) => {
            const metrics = new PatternMetrics();
            const got = await Source.from(events)
              .via(
                CEP.pattern(patternOf(c, within, mode) as never, {
                  keyBy: (e: Ev) => e.key,
                  timestamp: (e: Ev) => e.ts,
                  watermark:
                    WatermarkStrategy.forBoundedOutOfOrderness<Ev>(outOfOrderness).withIntervalMs(
                      0,
                    ),
                  metrics,
                  ...(hasTimedOutSink ? { timedOut: Sink.ignore() } : {}),
                }),
              )
              .runWith(Sink.seq(), mat);
            expect(got.map(render).sort()).toEqual(
              expected(c, events, outOfOrderness, within, mode),
            );
            expect(metrics.partialMatches).toBe(0);
            expect(metrics.keys).toBe(0);
            expect(metrics.bufferedEvents).toBe(0);
            expect(metrics.bufferNodes).toBe(0);
          },
        ),
      );
    });
  }
});

describe('the deadline queue in event time', () => {
  // `a followedBy b followedBy c` within, from the first event: every on-time `a` starts one
  // partial match, which either matches or times out once, at its `a`'s time plus `within`.
  it('times out every partial match that does not match, once, at its first event + within', async () => {
    const relaxed = cases[0] as Case;
    await fc.assert(
      fc.asyncProperty(
        eventsOf,
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 8 }),
        async (events, outOfOrderness, within) => {
          const timedOut: TimedOutMatch<{ a: Ev }, unknown>[] = [];
          const got = await Source.from(events)
            .via(
              CEP.pattern(patternOf(relaxed, within, 'firstAndLast') as never, {
                keyBy: (e: Ev) => e.key,
                timestamp: (e: Ev) => e.ts,
                watermark:
                  WatermarkStrategy.forBoundedOutOfOrderness<Ev>(outOfOrderness).withIntervalMs(0),
                timedOut: Sink.foreach((t: TimedOutMatch<{ a: Ev }, unknown>) => {
                  timedOut.push(t);
                }),
              }),
            )
            .runWith(Sink.seq(), mat);
          const matched = new Set(got.map((m) => m.a.id));
          let max = Number.NEGATIVE_INFINITY;
          const starts: string[] = [];
          for (const e of events) {
            if (e.kind === 'a' && e.ts > max - outOfOrderness - 1 && !matched.has(e.id)) {
              starts.push(`${e.id}@${String(e.ts + within)}`);
            }
            max = Math.max(max, e.ts);
          }
          const out = timedOut.map((t) => `${(t.match.a as Ev).id}@${String(t.timestamp)}`);
          expect(out.sort()).toEqual(starts.sort());
        },
      ),
    );
  });
});
