// A type test for group patterns: `npm run typecheck` compiles this file, and each
// `@ts-expect-error` line must fail to compile, or the check fails. Nothing here runs.
import { expectTypeOf } from 'vitest';
import type { Flow, NotUsed } from 'sluice';
import { CEP, type MatchOf, Pattern } from 'sluice/cep';

interface A {
  kind: 'a';
  n: number;
}
interface B {
  kind: 'b';
}
interface C {
  kind: 'c';
}
type Ev = A | B | C;
const isA = (e: Ev): e is A => e.kind === 'a';
const isB = (e: Ev): e is B => e.kind === 'b';
const isC = (e: Ev): e is C => e.kind === 'c';

const ab = Pattern.of<Ev>().begin('a').where(isA).followedBy('b').where(isB);
const start = Pattern.of<Ev>().begin('start').where(isC);

// A group's steps are flattened into the match as they are in the sub-pattern.
const once = start.followedBy(ab).followedBy('end').where(isC);
expectTypeOf(once.matchType).toEqualTypeOf<{ start: C; a: A; b: B; end: C }>();

// A quantified group collects each of its steps into an array across iterations.
const loop = start.next(ab).oneOrMore().followedBy('end').where(isC);
expectTypeOf(loop.matchType).toEqualTypeOf<{ start: C; a: A[]; b: B[]; end: C }>();
const twice = start.followedByAny(ab).times(2).allowCombinations();
expectTypeOf(twice.matchType).toEqualTypeOf<{ start: C; a: A[]; b: B[] }>();
const ranged = Pattern.begin(ab).times(1, 3, { windowTime: 1_000 }).consecutive();
expectTypeOf(ranged.matchType).toEqualTypeOf<{ a: A[]; b: B[] }>();

// An optional group makes each step possibly undefined; an array stays an array.
const abLoop = Pattern.of<Ev>().begin('a').where(isA).followedBy('b').where(isB).oneOrMore();
const maybe = start.followedBy(abLoop).optional();
expectTypeOf(maybe.matchType).toEqualTypeOf<{ start: C; a: A | undefined; b: B[] }>();
// A looping optional group: arrays, possibly empty.
const any = start.followedBy(ab).timesOrMore(2).optional();
expectTypeOf(any.matchType).toEqualTypeOf<{ start: C; a: A[]; b: B[] }>();

// Nested groups flatten all the way.
const nested = Pattern.of<Ev>()
  .begin('x')
  .where(isC)
  .followedBy(Pattern.of<Ev>().begin('y').where(isC).next(ab).optional());
expectTypeOf(nested.matchType).toEqualTypeOf<{
  x: C;
  y: C;
  a: A | undefined;
  b: B | undefined;
}>();

// Later steps' conditions see a group's steps by name.
start
  .followedBy(ab)
  .oneOrMore()
  .followedBy('end')
  .where((e, ctx) => {
    expectTypeOf(ctx.eventsFor('a')).toEqualTypeOf<readonly A[]>();
    return e.kind === 'c';
  });

// CEP.pattern emits the flattened match.
expectTypeOf(CEP.pattern(loop)).toEqualTypeOf<
  Flow<Ev, { start: C; a: A[]; b: B[]; end: C }, NotUsed>
>();
export const total = (m: MatchOf<typeof loop>): number => m.a.reduce((s, a) => s + a.n, 0);

// Per-loop gaps on steps.
const gapped = Pattern.of<Ev>().begin('a').where(isA).oneOrMore({ windowTime: 500 });
expectTypeOf(gapped.matchType).toEqualTypeOf<{ a: A[] }>();

// What must not compile.
// @ts-expect-error a group is quantified once
start.followedBy(ab).oneOrMore().times(2);
// @ts-expect-error a group of another event type
start.followedBy(Pattern.of<{ other: true }>().begin('o'));
// @ts-expect-error the match of a looping group has arrays, not events
export const wrong = (m: MatchOf<typeof loop>): A => m.a;
