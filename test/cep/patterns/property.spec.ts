import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { AfterMatchSkipStrategy, Pattern } from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import {
  allMatches,
  applySkip,
  type Contiguity,
  type ModelMatch,
  type ModelSkip,
  type ModelStep,
} from './bruteForce.js';
import { type Ev, matchesRaw } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const kinds = ['a', 'b', 'c'];
const contiguity = fc.constantFrom<Contiguity>('strict', 'relaxed', 'any');

const step = (name: string, isStrictOnly: boolean): fc.Arbitrary<ModelStep> =>
  fc
    .record({
      kinds: fc.subarray(kinds, { minLength: 1 }),
      contiguity: isStrictOnly ? fc.constant<Contiguity>('strict') : contiguity,
      inner: isStrictOnly ? fc.constant<Contiguity>('strict') : contiguity,
      quantifier: fc.constantFrom('one', 'oneOrMore', 'times'),
      from: fc.integer({ min: 1, max: 2 }),
      extra: fc.integer({ min: 0, max: 1 }),
      isOptional: isStrictOnly ? fc.constant(false) : fc.boolean(),
    })
    .map((r) => ({
      name,
      kinds: r.kinds,
      contiguity: r.contiguity,
      inner: r.inner,
      min: r.quantifier === 'one' ? 1 : r.from,
      max: r.quantifier === 'one' ? 1 : r.quantifier === 'oneOrMore' ? Infinity : r.from + r.extra,
      isOptional: r.isOptional,
    }));

const patternOf = (isStrictOnly: boolean): fc.Arbitrary<ModelStep[]> =>
  fc
    .integer({ min: 1, max: 3 })
    .chain((n) =>
      fc.tuple(...Array.from({ length: n }, (_, i) => step(`s${String(i)}`, isStrictOnly))),
    )
    // A pattern must take at least one event: its last step is required.
    .map((steps) =>
      steps.map((s, i) => (i === steps.length - 1 ? { ...s, isOptional: false } : s)),
    );

const eventsOf = fc
  .array(fc.constantFrom(...kinds), { maxLength: 7 })
  .map((ks) => ks.map((kind, i): Ev => ({ id: `${kind}${String(i)}`, kind, ts: i + 1, key: 0 })));

// The loose builder type of a pattern assembled at run time.
interface Loose {
  where(c: (e: Ev) => boolean): Loose;
  next(n: string): Loose;
  followedBy(n: string): Loose;
  followedByAny(n: string): Loose;
  oneOrMore(): Loose;
  times(n: number, to?: number): Loose;
  optional(): Loose;
  consecutive(): Loose;
  allowCombinations(): Loose;
}

function build(steps: readonly ModelStep[]): Loose {
  let p: Loose | undefined = undefined;
  for (const s of steps) {
    if (p === undefined) p = Pattern.begin<Ev>(s.name);
    else if (s.contiguity === 'strict') p = p.next(s.name);
    else if (s.contiguity === 'relaxed') p = p.followedBy(s.name);
    else p = p.followedByAny(s.name);
    p = p.where((e) => s.kinds.includes(e.kind));
    if (s.max === Infinity) p = loop(p, s);
    else if (s.max > 1 || s.min > 1) p = p.times(s.min, s.max);
    if (s.max > 1 && s.inner === 'strict') p = p.consecutive();
    if (s.max > 1 && s.inner === 'any') p = p.allowCombinations();
    if (s.isOptional) p = p.optional();
  }
  return p as Loose;
}

function loop(p: Loose, s: ModelStep): Loose {
  return s.min === 1
    ? p.oneOrMore()
    : (p as unknown as { timesOrMore(n: number): Loose }).timesOrMore(s.min);
}

const key = (m: ModelMatch): string =>
  m.at.map((a, k) => `${String(a)}:${String(m.steps[k])}`).join(' ');

async function run(
  steps: readonly ModelStep[],
  events: readonly Ev[],
  skip: ModelSkip,
): Promise<string[]> {
  const strategy =
    skip.kind === 'skipToFirst' || skip.kind === 'skipToLast'
      ? AfterMatchSkipStrategy[skip.kind](`s${String(skip.step)}`)
      : AfterMatchSkipStrategy[skip.kind]();
  const got = await matchesRaw(mat, build(steps) as never, events, { afterMatchSkip: strategy });
  return got
    .map((m) => {
      const pairs: [number, number][] = [];
      steps.forEach((s, j) => {
        const v = m[s.name];
        for (const e of Array.isArray(v) ? (v as Ev[]) : v === undefined ? [] : [v as Ev]) {
          pairs.push([e.ts - 1, j]);
        }
      });
      pairs.sort((x, y) => x[0] - y[0]);
      return key({ at: pairs.map((p) => p[0]), steps: pairs.map((p) => p[1]) });
    })
    .sort();
}

describe('the NFA equals a brute-force enumeration', () => {
  it('noSkip: every match, for every contiguity and quantifier', async () => {
    await fc.assert(
      fc.asyncProperty(patternOf(false), eventsOf, async (steps, events) => {
        const want = allMatches(steps, events).map(key).sort();
        expect(await run(steps, events, { kind: 'noSkip' })).toEqual(want);
      }),
    );
  });

  for (const kind of ['skipToNext', 'skipPastLastEvent'] as const) {
    it(`${kind}: the first and last events of the emitted matches`, async () => {
      const ends = (ms: string[]): string[] =>
        ms.map((m) => {
          const parts = m.split(' ');
          return `${parts[0]?.split(':')[0] ?? ''}-${parts[parts.length - 1]?.split(':')[0] ?? ''}`;
        });
      await fc.assert(
        fc.asyncProperty(patternOf(false), eventsOf, async (steps, events) => {
          const want = applySkip(allMatches(steps, events), { kind }).map(key).sort();
          expect(ends(await run(steps, events, { kind })).sort()).toEqual(ends(want).sort());
        }),
      );
    });
  }

  for (const kind of ['skipToFirst', 'skipToLast'] as const) {
    it(`${kind}: every match, on strict patterns`, async () => {
      await fc.assert(
        fc.asyncProperty(
          patternOf(true).chain((steps) =>
            fc.tuple(fc.constant(steps), fc.integer({ min: 0, max: steps.length - 1 })),
          ),
          eventsOf,
          async ([steps, at], events) => {
            const skip: ModelSkip = { kind, step: at };
            const want = applySkip(allMatches(steps, events), skip).map(key).sort();
            expect(await run(steps, events, skip)).toEqual(want);
          },
        ),
      );
    });
  }
});
