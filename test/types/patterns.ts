// A type test for CEP patterns: `npm run typecheck` compiles this file, and each
// `@ts-expect-error` line must fail to compile, or the check fails. Nothing here runs.
import { expectTypeOf } from 'vitest';
import type { Flow, NotUsed, Source } from 'sluice';
import { CEP, type MatchOf, Pattern, type Watermark } from 'sluice/cep';

interface Login {
  kind: 'login';
  user: string;
}
interface Buy {
  kind: 'buy';
  user: string;
  amount: number;
}
interface Logout {
  kind: 'logout';
  user: string;
}
type Ev = Login | Buy | Logout;
const isLogin = (e: Ev): e is Login => e.kind === 'login';
const isBuy = (e: Ev): e is Buy => e.kind === 'buy';

// Type guards narrow each step; a loop is an array.
const p = Pattern.of<Ev>().begin('login').where(isLogin).followedBy('buy').where(isBuy).oneOrMore();
expectTypeOf<MatchOf<typeof p>>().toEqualTypeOf<{ login: Login; buy: Buy[] }>();

// An optional step is the event or undefined; a not step is absent; subtype narrows too.
const q = Pattern.of<Ev>()
  .begin('login')
  .subtype(isLogin)
  .notNext('logout')
  .where((e) => e.kind === 'logout')
  .followedBy('buy')
  .where(isBuy)
  .optional()
  .followedBy('any')
  .times(2);
expectTypeOf(q.matchType).toEqualTypeOf<{
  login: Login;
  buy: Buy | undefined;
  any: Ev[];
}>();

// `or` widens the step's type again.
const r = Pattern.of<Ev>().begin('x').where(isLogin).or(isBuy);
expectTypeOf(r.matchType).toEqualTypeOf<{ x: Login | Buy }>();

// Iterative conditions see earlier steps typed by name.
Pattern.of<Ev>()
  .begin('login')
  .where(isLogin)
  .followedBy('buy')
  .where(isBuy)
  .where((b, ctx) => {
    expectTypeOf(ctx.eventsFor('login')).toEqualTypeOf<readonly Login[]>();
    expectTypeOf(ctx.eventsFor('buy')).toEqualTypeOf<readonly Buy[]>();
    return b.amount > 0 && ctx.timestamp > 0;
  });

// The operator's output is the match; with 'fromStream' it also takes watermarks.
declare const events: Source<Ev, NotUsed>;
events.via(CEP.pattern(p)) satisfies Source<{ login: Login; buy: Buy[] }, NotUsed>;
expectTypeOf(CEP.pattern(p, { timestamp: () => 0, watermark: 'fromStream' })).toEqualTypeOf<
  Flow<Ev | Watermark, { login: Login; buy: Buy[] }, NotUsed>
>();

// What must not compile.
// @ts-expect-error a quantifier on a not step
Pattern.of<Ev>().begin('a').notNext('n').oneOrMore();
const ab = Pattern.of<Ev>().begin('a').followedBy('b');
// @ts-expect-error a context names only steps of the pattern
ab.where((_e, ctx) => ctx.eventsFor('zz').length > 0);
// @ts-expect-error the match has no such step
export const missing = (m: MatchOf<typeof p>): unknown => m.logout;
// @ts-expect-error a narrowed step's events are that type only
export const wrong = (m: MatchOf<typeof p>): Logout => m.login;
