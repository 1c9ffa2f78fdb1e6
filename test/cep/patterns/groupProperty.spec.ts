// A group's matches equal those of its hand-expanded flat patterns: `(x y){k}` is the steps x y
// written k times (the first copy attached with the group's contiguity, the others with its
// inner one), and a ranged, looping or optional group matches exactly what the union of its
// counts' expansions matches, each match once.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Materializer } from 'sluice';
import { Pattern } from 'sluice/cep';
import { assertAllStagesStopped } from 'sluice/testkit';
import { type Ev, matchesRaw } from './run.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

type Contiguity = 'strict' | 'relaxed' | 'any';
const kinds = ['a', 'b', 'c'];
const contiguity = fc.constantFrom<Contiguity>('strict', 'relaxed', 'any');

interface Step {
  readonly name: string;
  readonly kinds: readonly string[];
  readonly contiguity: Contiguity;
}

interface Shape {
  readonly prefix: Step;
  readonly group: readonly Step[];
  /** How the group attaches to the prefix, and how its iterations follow each other. */
  readonly attach: Contiguity;
  readonly inner: Contiguity;
  readonly min: number;
  readonly max: number;
  readonly isOptional: boolean;
  readonly suffix: Step | undefined;
}

const step = (name: string): fc.Arbitrary<Step> =>
  fc.record({
    name: fc.constant(name),
    kinds: fc.subarray(kinds, { minLength: 1 }),
    contiguity,
  });

const shape: fc.Arbitrary<Shape> = fc
  .record({
    prefix: step('p'),
    group: fc
      .integer({ min: 1, max: 2 })
      .chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => step(`g${String(i)}`)))),
    attach: contiguity,
    inner: contiguity,
    min: fc.integer({ min: 1, max: 2 }),
    max: fc.constantFrom(1, 2, 3, Infinity),
    isOptional: fc.boolean(),
    suffix: fc.option(step('s'), { nil: undefined }),
  })
  .map((s) => ({ ...s, max: Math.max(s.max, s.min) }));

const eventsOf = fc
  .array(fc.constantFrom(...kinds), { maxLength: 7 })
  .map((ks) => ks.map((kind, i): Ev => ({ id: `${kind}${String(i)}`, kind, ts: i + 1, key: 0 })));

// The loose builder type of a pattern assembled at run time.
interface Loose {
  where(c: (e: Ev) => boolean): Loose;
  next(n: string | Loose): Loose;
  followedBy(n: string | Loose): Loose;
  followedByAny(n: string | Loose): Loose;
  oneOrMore(): Loose;
  times(n: number, to?: number): Loose;
  timesOrMore(n: number): Loose;
  optional(): Loose;
  consecutive(): Loose;
  allowCombinations(): Loose;
}

const attach = (p: Loose, what: string | Loose, c: Contiguity): Loose =>
  c === 'strict' ? p.next(what) : c === 'relaxed' ? p.followedBy(what) : p.followedByAny(what);

const begin = (name: string): Loose => Pattern.begin<Ev>(name);
const test = (s: Step) => (e: Ev) => s.kinds.includes(e.kind);

function grouped(s: Shape): Loose {
  let g: Loose | undefined = undefined;
  for (const x of s.group) {
    g = g === undefined ? begin(x.name) : attach(g, x.name, x.contiguity);
    g = g.where(test(x));
  }
  let p = attach(begin('p').where(test(s.prefix)), g as Loose, s.attach);
  if (s.max === Infinity) p = s.min === 1 ? p.oneOrMore() : p.timesOrMore(s.min);
  else if (s.max > 1 || s.min > 1) p = s.min === s.max ? p.times(s.min) : p.times(s.min, s.max);
  if (s.max > 1 && s.inner === 'strict') p = p.consecutive();
  if (s.max > 1 && s.inner === 'any') p = p.allowCombinations();
  if (s.isOptional) p = p.optional();
  if (s.suffix !== undefined) p = attach(p, 's', s.suffix.contiguity).where(test(s.suffix));
  return p;
}

/** `p (group){k} s` written out, the k copies of a group step named `<name>_<copy>`. */
function expanded(s: Shape, k: number): Loose {
  let p = begin('p').where(test(s.prefix));
  for (let copy = 1; copy <= k; copy++) {
    s.group.forEach((x, i) => {
      const c = i > 0 ? x.contiguity : copy === 1 ? s.attach : s.inner;
      p = attach(p, `${x.name}_${String(copy)}`, c).where(test(x));
    });
  }
  if (s.suffix !== undefined) p = attach(p, 's', s.suffix.contiguity).where(test(s.suffix));
  return p;
}

/** A match as `index:step` pairs in event order, copies named after their group step. */
const render = (m: Record<string, unknown>): string =>
  Object.entries(m)
    .flatMap(([name, v]) =>
      (Array.isArray(v) ? (v as Ev[]) : v === undefined ? [] : [v as Ev]).map(
        (e): [number, string] => [e.ts, name.replace(/_\d+$/, '')],
      ),
    )
    .sort((x, y) => x[0] - y[0])
    .map(([ts, name]) => `${String(ts)}:${name}`)
    .join(' ');

const run = async (p: Loose, events: readonly Ev[]): Promise<string[]> =>
  (await matchesRaw(mat, p as never, events)).map(render);

describe('group patterns equal their hand-expanded flat patterns', () => {
  it('noSkip: the same matches, each once, for every contiguity and quantifier', async () => {
    await fc.assert(
      fc.asyncProperty(shape, eventsOf, async (s, events) => {
        const want: string[] = [];
        const upTo = Math.min(s.max, events.length);
        for (let k = s.min; k <= upTo; k++) want.push(...(await run(expanded(s, k), events)));
        if (s.isOptional) want.push(...(await run(expanded(s, 0), events)));
        expect((await run(grouped(s), events)).sort()).toEqual(want.sort());
      }),
    );
  });
});
