import { requireFunction, requirePositiveInt } from '../../core/index.js';
import { explain } from './explain.js';
import type {
  Condition,
  ContextOf,
  GroupPattern,
  GuardCondition,
  LoopGap,
  LoopKind,
  OptionalKind,
  Simplify,
  StepEntry,
  StepKind,
  SubPattern,
} from './PatternTypes.js';
import {
  and,
  appendStep,
  gapOf,
  newGroup,
  quantified,
  or,
  requireLoop,
  requireName,
  requireRange,
  requireStep,
  requireTake,
} from './specRules.js';
import { type AnyCondition, type Contiguity, newStep, type StepSpec } from './StepSpec.js';

/** How `within` measures: from the first event of the match, or between consecutive events. */
export type WithinMode = 'firstAndLast' | 'previousAndCurrent';

/**
 * A sequence of steps to find in a stream, as Flink CEP's `Pattern`: built with `begin`, then
 * `next`/`followedBy`/`followedByAny` (and the negative `notNext`/`notFollowedBy`), each step
 * narrowed with `where`/`or`/`subtype` and quantified with `oneOrMore`, `times`, `optional`, ....
 * Immutable: every call returns a new pattern. Its `Match` type is inferred: a single step gives
 * the event, an optional step the event or `undefined`, a loop an array; a type-guard condition
 * narrows the step's event type.
 *
 * @example
 * ```ts
 * import { Pattern, type MatchOf } from 'sluice/cep';
 *
 * type Login = { kind: 'login'; user: string };
 * type Buy = { kind: 'buy'; user: string; amount: number };
 * type Ev = Login | Buy;
 *
 * const loginThenBuys = Pattern.of<Ev>()
 *   .begin('login')
 *   .where((e): e is Login => e.kind === 'login')
 *   .followedBy('buy')
 *   .where((e): e is Buy => e.kind === 'buy')
 *   .oneOrMore()
 *   .within(60_000);
 * type M = MatchOf<typeof loginThenBuys>; // { login: Login; buy: Buy[] }
 * ```
 */
export class Pattern<T, Done, Name extends string, E extends T, Kind extends StepKind> {
  /** Type-level only: the match this pattern produces. */
  declare readonly matchType: Simplify<Done & StepEntry<Name, E, Kind>>;
  /** Type-level only: how the current step appears in the match. */
  declare readonly stepKind: Kind;
  /** Type-level only: the events it reads. */
  declare readonly eventType: (event: T) => void;

  private constructor(
    /** @internal */ readonly steps: readonly StepSpec[],
    /** @internal The longest a match may take, or `undefined`. */ readonly withinMs:
      number | undefined,
    /** @internal */ readonly withinMode: WithinMode,
  ) {}

  /**
   * Starts a pattern with its first step. With the event type given (`begin<Ev>('login')`),
   * TypeScript cannot also infer the name, so the first step is typed by `string`; for a typed
   * match start with {@link Pattern.of} (`Pattern.of<Ev>().begin('login')`) or give both types.
   * @throws TypeError if `name` is empty.
   */
  static begin<T, N extends string = string>(name: N): Pattern<T, unknown, N, T, 'one'>;
  /**
   * Starts a pattern with a group: the steps of `group` matched as one element, which the
   * quantifiers then repeat or make optional as a whole (Flink's `GroupPattern`).
   * @throws MalformedPatternError if `group` has `within`, ends in a `not*` step or has no
   *   step that is not optional.
   */
  static begin<T, M>(group: SubPattern<T, M>): GroupPattern<T, unknown, M>;
  static begin<T>(first: string | SubPattern<T, unknown>): unknown {
    if (typeof first === 'string') {
      requireName(first);
      return new Pattern([newStep(first, 'take', 'strict')], undefined, 'firstAndLast');
    }
    return new Pattern([groupOf(first, 'strict')], undefined, 'firstAndLast');
  }

  /**
   * Fixes the event type, so that `begin` infers the first step's name:
   * `Pattern.of<Ev>().begin('login')`, or the group's match: `Pattern.of<Ev>().begin(sub)`.
   */
  static of<T>(): {
    begin<N extends string>(name: N): Pattern<T, unknown, N, T, 'one'>;
    begin<M>(group: SubPattern<T, M>): GroupPattern<T, unknown, M>;
  } {
    return {
      begin: (first: string | SubPattern<T, unknown>) => Pattern.begin<T>(first as string),
    } as never;
  }

  /** A step whose first event must directly follow the previous step's last (strict contiguity). */
  next<N extends string>(name: N): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'one'>;
  /** A group whose first event must directly follow the previous step's last. */
  next<M>(group: SubPattern<T, M>): GroupPattern<T, Done & StepEntry<Name, E, Kind>, M>;
  next(step: string | SubPattern<T, unknown>): unknown {
    return this.appendTake(step, 'strict');
  }

  /** A step whose first event comes after the previous step's, other events between (relaxed). */
  followedBy<N extends string>(name: N): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'one'>;
  /** A group whose first event comes after the previous step's, other events between. */
  followedBy<M>(group: SubPattern<T, M>): GroupPattern<T, Done & StepEntry<Name, E, Kind>, M>;
  followedBy(step: string | SubPattern<T, unknown>): unknown {
    return this.appendTake(step, 'relaxed');
  }

  /** As `followedBy`, but every later matching event starts another branch (non-deterministic). */
  followedByAny<N extends string>(
    name: N,
  ): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'one'>;
  /** As `followedBy` with a group, every later event its first step takes starting a branch. */
  followedByAny<M>(group: SubPattern<T, M>): GroupPattern<T, Done & StepEntry<Name, E, Kind>, M>;
  followedByAny(step: string | SubPattern<T, unknown>): unknown {
    return this.appendTake(step, 'any');
  }

  /**
   * The event right after the previous step must not match this step's condition.
   * @throws MalformedPatternError if the previous step is optional.
   */
  notNext<N extends string>(name: N): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'none'> {
    return this.append(name, 'notNext', 'strict');
  }

  /**
   * No event between the previous step and the next one may match this step's condition. At the
   * end of a pattern it needs `within`: the match is emitted when that time has passed.
   * @throws MalformedPatternError if the previous step is optional.
   */
  notFollowedBy<N extends string>(
    name: N,
  ): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'none'> {
    return this.append(name, 'notFollowedBy', 'relaxed');
  }

  /** Adds a condition (AND) that is a type guard: the step's event type narrows to `E2`. */
  where<E2 extends E>(
    guard: GuardCondition<E, E2, ContextOf<Done, Name, E>>,
  ): Pattern<T, Done, Name, E2, Kind>;
  /**
   * Adds a condition (AND); it may read the partial match through its context.
   * @throws MalformedPatternError on a group: conditions go on its steps.
   */
  where(condition: Condition<E, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, E, Kind>;
  where(condition: Condition<E, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, E, Kind> {
    requireFunction('Pattern.where', 'condition', condition);
    const c = condition as AnyCondition;
    return this.withLast((s) => {
      requireStep(s, 'where');
      return {
        ...s,
        condition: s.condition === undefined ? c : and(s.condition, c),
        isSimple: s.isSimple && condition.length <= 1,
      };
    });
  }

  /** Adds an alternative condition (OR) that is a type guard: the event type widens by `E2`. */
  or<E2 extends T>(
    guard: GuardCondition<T, E2, ContextOf<Done, Name, E>>,
  ): Pattern<T, Done, Name, E | E2, Kind>;
  /**
   * Adds an alternative condition (OR): the step's event type is the pattern's again.
   * @throws MalformedPatternError on a group: conditions go on its steps.
   */
  or(condition: Condition<T, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, T, Kind>;
  or(condition: Condition<T, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, T, Kind> {
    requireFunction('Pattern.or', 'condition', condition);
    const c = condition as AnyCondition;
    return this.withLast((s) => {
      requireStep(s, 'or');
      return {
        ...s,
        condition: s.condition === undefined ? undefined : or(s.condition, c),
        isSimple: s.isSimple && condition.length <= 1,
      };
    });
  }

  /** Narrows the step to a subtype of its events, as a `where` with a type guard. */
  subtype<E2 extends E>(guard: (event: E) => event is E2): Pattern<T, Done, Name, E2, Kind> {
    requireFunction('Pattern.subtype', 'guard', guard);
    return this.where((event: E): event is E2 => guard(event));
  }

  /**
   * Ends a loop: once an event matches `condition`, the loop takes no more events (that event
   * is not part of it). On a group, no step of the group takes such an event.
   * @throws MalformedPatternError if the step is not a loop.
   */
  until(condition: Condition<T, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, E, Kind> {
    requireFunction('Pattern.until', 'condition', condition);
    const c = condition as AnyCondition;
    return this.withLast((s) => {
      requireLoop(s, 'until');
      return {
        ...s,
        until: s.until === undefined ? c : or(s.until, c),
        isSimple: s.isSimple && condition.length <= 1,
      };
    });
  }

  /**
   * The step (or group) takes one or more events (a loop; relaxed between them unless
   * `consecutive`). With `{ windowTime }`, a partial match still in the loop times out when
   * `windowTime` ms pass after the loop's last event without another (Flink's
   * `oneOrMore(windowTime)`).
   * @throws MalformedPatternError on a `not*` step.
   * @throws RangeError if `windowTime` is not a positive integer.
   */
  oneOrMore(
    this: Pattern<T, Done, Name, E, 'one' | 'group'>,
    gap?: LoopGap,
  ): Pattern<T, Done, Name, E, LoopKind<Kind>> {
    return this.quantify('oneOrMore', 1, Infinity, gapOf('oneOrMore', gap));
  }

  /**
   * The step (or group) takes exactly `n` events (iterations); with `{ windowTime }` as
   * {@link Pattern.oneOrMore}.
   * @throws RangeError if `n` is not a positive integer.
   * @throws MalformedPatternError on a `not*` step.
   */
  times(
    this: Pattern<T, Done, Name, E, 'one' | 'group'>,
    n: number,
    gap?: LoopGap,
  ): Pattern<T, Done, Name, E, LoopKind<Kind>>;
  /**
   * The step (or group) takes from `from` to `to` events (iterations).
   * @throws RangeError if the counts are not positive integers with `from <= to`.
   * @throws MalformedPatternError on a `not*` step.
   */
  times(
    this: Pattern<T, Done, Name, E, 'one' | 'group'>,
    from: number,
    to: number,
    gap?: LoopGap,
  ): Pattern<T, Done, Name, E, LoopKind<Kind>>;
  times(n: number, to?: number | LoopGap, gap?: LoopGap): Pattern<T, Done, Name, E, StepKind> {
    requirePositiveInt('Pattern.times', 'from', n);
    if (typeof to !== 'number') return this.quantify('times', n, n, gapOf('times', to));
    requireRange('Pattern.times', n, to);
    return this.quantify('times', n, to, gapOf('times', gap));
  }

  /**
   * The step (or group) takes `n` or more events (iterations); with `{ windowTime }` as
   * {@link Pattern.oneOrMore}.
   * @throws RangeError if `n` is not a positive integer.
   * @throws MalformedPatternError on a `not*` step.
   */
  timesOrMore(
    this: Pattern<T, Done, Name, E, 'one' | 'group'>,
    n: number,
    gap?: LoopGap,
  ): Pattern<T, Done, Name, E, LoopKind<Kind>> {
    requirePositiveInt('Pattern.timesOrMore', 'n', n);
    return this.quantify('timesOrMore', n, Infinity, gapOf('timesOrMore', gap));
  }

  /**
   * The step may be skipped: its entry is `undefined` (or an empty array for a loop). On a group,
   * the whole group may be skipped.
   * @throws MalformedPatternError on a `not*` step.
   */
  optional(): Pattern<T, Done, Name, E, OptionalKind<Kind>> {
    return this.withLast((s) => {
      requireTake(s, 'optional');
      return { ...s, isOptional: true };
    }) as unknown as Pattern<T, Done, Name, E, OptionalKind<Kind>>;
  }

  /**
   * The loop takes as many events as it can before the next step may start.
   * @throws MalformedPatternError if the step is not a loop, or is a group.
   */
  greedy(): Pattern<T, Done, Name, E, Kind> {
    return this.withLast((s) => {
      requireStep(s, 'greedy');
      requireLoop(s, 'greedy');
      return { ...s, isGreedy: true };
    });
  }

  /**
   * The events of the loop must directly follow each other (strict contiguity inside the loop);
   * on a group, each iteration's first event directly follows the previous iteration's last.
   * @throws MalformedPatternError if the step is not a loop.
   */
  consecutive(): Pattern<T, Done, Name, E, Kind> {
    return this.innerContiguity('consecutive', 'strict');
  }

  /**
   * The loop may skip any matching event: every combination is a match (non-deterministic
   * relaxed contiguity inside the loop, or between a group's iterations).
   * @throws MalformedPatternError if the step is not a loop.
   */
  allowCombinations(): Pattern<T, Done, Name, E, Kind> {
    return this.innerContiguity('allowCombinations', 'any');
  }

  /**
   * The longest a match may take, first event to last (or, with `'previousAndCurrent'`, between
   * two consecutive events). Partial matches past it time out. Called twice, the smaller wins.
   * @throws RangeError if `ms` is not a positive integer.
   */
  within(ms: number, mode: WithinMode = 'firstAndLast'): Pattern<T, Done, Name, E, Kind> {
    requirePositiveInt('Pattern.within', 'ms', ms);
    const withinMs = this.withinMs === undefined ? ms : Math.min(ms, this.withinMs);
    return new Pattern(this.steps, withinMs, mode);
  }

  /** The pattern's NFA as Mermaid `stateDiagram-v2` text, for docs and debugging. */
  explain(): string {
    return explain(this);
  }

  private appendTake(step: string | SubPattern<T, unknown>, contiguity: Contiguity): unknown {
    if (typeof step === 'string') return this.append(step, 'take', contiguity);
    return this.appendSpec(groupOf(step, contiguity));
  }

  private append<N extends string, K extends StepKind>(
    name: N,
    kind: StepSpec['kind'],
    contiguity: Contiguity,
  ): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, K> {
    requireName(name);
    return this.appendSpec(newStep(name, kind, contiguity));
  }

  private appendSpec<N extends string, E2 extends T, K extends StepKind>(
    spec: StepSpec,
  ): Pattern<T, Done & StepEntry<Name, E, Kind>, N, E2, K> {
    return new Pattern(appendStep(this.steps, spec), this.withinMs, this.withinMode);
  }

  private quantify<K extends StepKind>(
    what: string,
    min: number,
    max: number,
    gapMs: number | undefined,
  ): Pattern<T, Done, Name, E, K> {
    const quantifiedSteps = this.withLast((s) => quantified(s, what, min, max, gapMs));
    return quantifiedSteps as unknown as Pattern<T, Done, Name, E, K>;
  }

  private innerContiguity(what: string, inner: Contiguity): Pattern<T, Done, Name, E, Kind> {
    return this.withLast((s) => {
      requireLoop(s, what);
      return { ...s, inner };
    });
  }

  private get last(): StepSpec {
    return this.steps[this.steps.length - 1] as StepSpec; // non-null: begin made one
  }

  private withLast(change: (step: StepSpec) => StepSpec): Pattern<T, Done, Name, E, Kind> {
    const steps = this.steps.slice();
    steps[steps.length - 1] = change(this.last);
    return new Pattern(steps, this.withinMs, this.withinMode);
  }
}

/** The match type of a pattern: `MatchOf<typeof p>`. */
export type MatchOf<P extends { readonly matchType: unknown }> = P['matchType'];

/** The step spec of a group. */
function groupOf<T>(group: SubPattern<T, unknown>, contiguity: Contiguity): StepSpec {
  if (!(group instanceof Pattern)) {
    throw new TypeError(
      `Pattern: a group must be a Pattern (Pattern.begin(...)), got ${typeof group}`,
    );
  }
  const sub = group as Pattern<T, unknown, string, T, StepKind>;
  return newGroup(sub.steps, sub.withinMs, contiguity);
}
