// The strict fast path (loop-free patterns of `next` steps with simple conditions) against the
// brute-force enumeration, with keys and every skip strategy, and its live-state counters.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Sink, Source } from 'sluice';
import {
  AfterMatchSkipStrategy,
  CEP,
  Pattern,
  PatternMetrics,
  TooManyPartialMatchesError,
} from 'sluice/cep';
import {
  allMatches,
  applySkip,
  type ModelMatch,
  type ModelSkip,
  type ModelStep,
} from './bruteForce.js';
import { virtualMaterializer } from '../virtualMaterializer.js';
import { type Ev, evs, is, render } from './run.js';

// No timer runs on the strict path: the virtual clock only stands in for the shared checks.
const { mat } = virtualMaterializer();

const kinds = ['a', 'b', 'c'];

const strictSteps = fc
  .array(fc.subarray(kinds, { minLength: 1 }), { minLength: 1, maxLength: 4 })
  .map((sets) =>
    sets.map((set, i): ModelStep => ({
      name: `s${String(i)}`,
      kinds: set,
      contiguity: 'strict',
      inner: 'strict',
      min: 1,
      max: 1,
      isOptional: false,
    })),
  );

const keyedEvents = fc
  .array(fc.tuple(fc.constantFrom(...kinds), fc.integer({ min: 0, max: 1 })), { maxLength: 16 })
  .map((es) =>
    es.map(([kind, key], i): Ev => ({ id: `${kind}${String(i)}`, kind, ts: i + 1, key })),
  );

const skips = (n: number): fc.Arbitrary<ModelSkip> =>
  fc.oneof(
    fc.constantFrom<ModelSkip>(
      { kind: 'noSkip' },
      { kind: 'skipToNext' },
      { kind: 'skipPastLastEvent' },
    ),
    fc.record({
      kind: fc.constantFrom('skipToFirst' as const, 'skipToLast' as const),
      step: fc.integer({ min: 0, max: n - 1 }),
    }),
  );

function build(steps: readonly ModelStep[]): Pattern<Ev, unknown, string, Ev, 'one'> {
  const [first, ...rest] = steps as [ModelStep, ...ModelStep[]];
  let p: Pattern<Ev, unknown, string, Ev, 'one'> = Pattern.begin<Ev>(first.name).where((e) =>
    first.kinds.includes(e.kind),
  );
  for (const s of rest) p = p.next(s.name).where((e) => s.kinds.includes(e.kind));
  return p;
}

/** `CEP.pattern` of the steps, keyed by the events' key, with the skip strategy. */
function keyedPattern(steps: readonly ModelStep[], skip: ModelSkip, metrics: PatternMetrics) {
  const afterMatchSkip =
    'step' in skip
      ? AfterMatchSkipStrategy[skip.kind](`s${String(skip.step)}`)
      : AfterMatchSkipStrategy[skip.kind]();
  return CEP.pattern(build(steps), { keyBy: (e: Ev) => e.key, afterMatchSkip, metrics });
}

/** Each key's matches by brute force, as event ids in step order. */
function expected(steps: readonly ModelStep[], events: readonly Ev[], skip: ModelSkip): string[] {
  const out: string[] = [];
  for (const key of new Set(events.map((e) => e.key))) {
    const own = events.filter((e) => e.key === key);
    const found = applySkip(allMatches(steps, own), skip);
    out.push(...found.map((m: ModelMatch) => m.at.map((q) => (own[q] as Ev).id).join(' ')));
  }
  return out.sort();
}

/**
 * The live partial matches of each key by brute force: the j < n last events of the key (since
 * the last skipPastLastEvent match) that pass steps 0..j-1.
 */
function liveModel(steps: readonly ModelStep[], seen: readonly Ev[], skip: ModelSkip) {
  let partial = 0;
  let keys = 0;
  for (const key of new Set(seen.map((e) => e.key))) {
    const own = seen.filter((e) => e.key === key);
    let from = 0;
    if (skip.kind === 'skipPastLastEvent') {
      for (const m of applySkip(allMatches(steps, own), skip)) {
        from = Math.max(from, (m.at[m.at.length - 1] as number) + 1);
      }
    }
    let live = 0;
    for (let j = 1; j < steps.length && own.length - j >= from; j++) {
      const tail = own.slice(own.length - j);
      if (tail.every((e, k) => (steps[k] as ModelStep).kinds.includes(e.kind))) live++;
    }
    partial += live;
    if (live > 0) keys++;
  }
  return { partial, keys };
}

describe('the strict fast path', () => {
  it('equals the brute-force enumeration per key, for every skip strategy', async () => {
    await fc.assert(
      fc.asyncProperty(
        strictSteps.chain((steps) => fc.tuple(fc.constant(steps), skips(steps.length))),
        keyedEvents,
        async ([steps, skip], events) => {
          const metrics = new PatternMetrics();
          const got = await Source.from(events)
            .via(keyedPattern(steps, skip, metrics))
            .runWith(Sink.seq(), mat);
          expect(got.map(render).sort()).toEqual(expected(steps, events, skip));
          expect(metrics.matches).toBe(got.length);
          expect([metrics.partialMatches, metrics.keys, metrics.idleKeys]).toEqual([0, 0, 0]);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('counts live partial matches and keys after every event as the brute force does', async () => {
    const fast = fc.constantFrom<ModelSkip>(
      { kind: 'noSkip' },
      { kind: 'skipToNext' },
      { kind: 'skipPastLastEvent' },
    );
    await fc.assert(
      fc.asyncProperty(strictSteps, fast, keyedEvents, async (steps, skip, events) => {
        const metrics = new PatternMetrics();
        const seen: { partial: number; keys: number }[] = [];
        // A map before the fused pattern step sees the counters as the previous event left them.
        const tap = (e: Ev): Ev => {
          seen.push({ partial: metrics.partialMatches, keys: metrics.keys });
          return e;
        };
        await Source.from([...events, { id: 'end', kind: 'x', ts: 0, key: -1 }])
          .map(tap)
          .via(keyedPattern(steps, skip, metrics))
          .runWith(Sink.ignore(), mat);
        const want = events.map((_, i) => liveModel(steps, events.slice(0, i), skip));
        want.push(liveModel(steps, events, skip));
        expect(seen).toEqual(want);
      }),
    );
  });
});

describe('per-key state on the strict path', () => {
  const ab = Pattern.of<Ev>().begin('a').where(is('a')).next('b').where(is('b'));
  const byKey = (e: Ev): number => e.key;

  it('keeps a slot for a key without partial matches, and counts it as idle', async () => {
    const metrics = new PatternMetrics();
    const [pub, done] = Source.queue<Ev>(64)
      .via(CEP.pattern(ab, { keyBy: byKey, metrics }))
      .toMat(Sink.seq(), (l, r) => [l, r] as const)
      .run(mat);
    for (let key = 0; key < 10; key++) void pub.offer({ id: 'a', kind: 'a', ts: 0, key });
    await expect.poll(() => metrics.keys).toBe(10);
    expect([metrics.partialMatches, metrics.idleKeys]).toEqual([10, 0]);
    for (let key = 0; key < 10; key += 2) void pub.offer({ id: 'b', kind: 'b', ts: 0, key });
    for (let key = 1; key < 10; key += 2) void pub.offer({ id: 'c', kind: 'c', ts: 0, key });
    await expect.poll(() => metrics.idleKeys).toBe(10);
    expect([metrics.partialMatches, metrics.keys, metrics.matches]).toEqual([0, 0, 5]);
    void pub.offer({ id: 'd', kind: 'd', ts: 0, key: 99 }); // starts nothing: no slot
    void pub.offer({ id: 'a', kind: 'a', ts: 0, key: 3 });
    await expect.poll(() => metrics.keys).toBe(1);
    expect(metrics.idleKeys).toBe(9);
    pub.complete();
    expect(await done).toHaveLength(5);
    expect([metrics.partialMatches, metrics.keys, metrics.idleKeys]).toEqual([0, 0, 0]);
  });

  it('keeps the maxPartialMatches bound of a strict pattern below its n - 1', async () => {
    const anyAb = (e: Ev): boolean => e.kind !== 'c';
    const aac = Pattern.of<Ev>().begin('x').where(anyAb).next('y').where(anyAb).next('z');
    const p = aac.where(is('c'));
    const run = Source.from(evs('a1 a2 b3 c4'))
      .via(CEP.pattern(p, { keyBy: byKey, maxPartialMatches: 1 }))
      .runWith(Sink.seq(), mat);
    await expect(run).rejects.toThrow(TooManyPartialMatchesError);
    await expect(run).rejects.toThrow(/key 0 has more than 1 partial matches/);
    const got = await Source.from(evs('a1 a2 b3 c4'))
      .via(CEP.pattern(p, { keyBy: byKey, maxPartialMatches: 2 }))
      .runWith(Sink.seq(), mat);
    expect(got.map(render)).toEqual(['a2 b3 c4']);
  });

  it('sweeps keys that never return once its table is full, so they hold nothing', async () => {
    const metrics = new PatternMetrics();
    const distinct = 100_000;
    let mostIdle = 0;
    let mostKeys = 0;
    const events = Source.range(0, 2 * distinct - 1).map((i): Ev => {
      mostIdle = Math.max(mostIdle, metrics.idleKeys);
      mostKeys = Math.max(mostKeys, metrics.keys);
      const key = i >> 1; // a, then c: every key starts a partial match, loses it, and is gone
      return { id: String(i), kind: i % 2 === 0 ? 'a' : 'c', ts: i, key };
    });
    const got = await events
      .via(CEP.pattern(ab, { keyBy: byKey, metrics }))
      .runWith(Sink.seq(), mat);
    expect(got).toEqual([]);
    expect(mostKeys).toBe(1);
    expect(mostIdle).toBe(32_768); // the table's floor, then swept in one batch
    expect([metrics.partialMatches, metrics.keys, metrics.idleKeys]).toEqual([0, 0, 0]);
  });
});
