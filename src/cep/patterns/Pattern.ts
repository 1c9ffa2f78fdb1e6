import { requireFunction, requireNonNegativeInt, requirePositiveInt } from '../../core/index.js';
import { explain } from './explain.js';
import { MalformedPatternError } from './MalformedPatternError.js';
import type {
  Condition,
  ContextOf,
  GuardCondition,
  Simplify,
  StepEntry,
  StepKind,
} from './PatternTypes.js';
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
  static begin<T, N extends string = string>(name: N): Pattern<T, unknown, N, T, 'one'> {
    requireName(name);
    return new Pattern<T, unknown, N, T, 'one'>(
      [newStep(name, 'take', 'strict')],
      undefined,
      'firstAndLast',
    );
  }

  /**
   * Fixes the event type, so that `begin` infers the first step's name:
   * `Pattern.of<Ev>().begin('login')`.
   */
  static of<T>(): { begin<N extends string>(name: N): Pattern<T, unknown, N, T, 'one'> } {
    return { begin: (name) => Pattern.begin(name) };
  }

  /** A step whose first event must directly follow the previous step's last (strict contiguity). */
  next<N extends string>(name: N): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'one'> {
    return this.append(name, 'take', 'strict');
  }

  /** A step whose first event comes after the previous step's, other events between (relaxed). */
  followedBy<N extends string>(name: N): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'one'> {
    return this.append(name, 'take', 'relaxed');
  }

  /** As `followedBy`, but every later matching event starts another branch (non-deterministic). */
  followedByAny<N extends string>(
    name: N,
  ): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, 'one'> {
    return this.append(name, 'take', 'any');
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
  /** Adds a condition (AND); it may read the partial match through its context. */
  where(condition: Condition<E, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, E, Kind>;
  where(condition: Condition<E, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, E, Kind> {
    requireFunction('Pattern.where', 'condition', condition);
    const c = condition as AnyCondition;
    return this.withLast((s) => ({
      ...s,
      condition: s.condition === undefined ? c : and(s.condition, c),
      isSimple: s.isSimple && condition.length <= 1,
    }));
  }

  /** Adds an alternative condition (OR) that is a type guard: the event type widens by `E2`. */
  or<E2 extends T>(
    guard: GuardCondition<T, E2, ContextOf<Done, Name, E>>,
  ): Pattern<T, Done, Name, E | E2, Kind>;
  /** Adds an alternative condition (OR): the step's event type is the pattern's again. */
  or(condition: Condition<T, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, T, Kind>;
  or(condition: Condition<T, ContextOf<Done, Name, E>>): Pattern<T, Done, Name, T, Kind> {
    requireFunction('Pattern.or', 'condition', condition);
    const c = condition as AnyCondition;
    return this.withLast((s) => ({
      ...s,
      condition: s.condition === undefined ? undefined : or(s.condition, c),
      isSimple: s.isSimple && condition.length <= 1,
    }));
  }

  /** Narrows the step to a subtype of its events, as a `where` with a type guard. */
  subtype<E2 extends E>(guard: (event: E) => event is E2): Pattern<T, Done, Name, E2, Kind> {
    requireFunction('Pattern.subtype', 'guard', guard);
    return this.where((event: E): event is E2 => guard(event));
  }

  /**
   * Ends a loop: once an event matches `condition`, the loop takes no more events (that event
   * is not part of it).
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
   * The step takes one or more events (a loop; relaxed between them unless `consecutive`).
   * @throws MalformedPatternError on a `not*` step.
   */
  oneOrMore(this: Pattern<T, Done, Name, E, 'one'>): Pattern<T, Done, Name, E, 'many'> {
    return this.quantify('oneOrMore', 1, Infinity);
  }

  /**
   * The step takes exactly `n` events, or from `from` to `to`.
   * @throws RangeError if the counts are not positive integers with `from <= to`.
   * @throws MalformedPatternError on a `not*` step.
   */
  times(
    this: Pattern<T, Done, Name, E, 'one'>,
    n: number,
    to?: number,
  ): Pattern<T, Done, Name, E, 'many'> {
    requirePositiveInt('Pattern.times', 'from', n);
    if (to === undefined) return this.quantify('times', n, n);
    requirePositiveInt('Pattern.times', 'to', to);
    if (to < n)
      throw new RangeError(
        `Pattern.times: to must be at least from (${String(n)}), got ${String(to)}`,
      );
    return this.quantify('times', n, to);
  }

  /**
   * The step takes `n` or more events.
   * @throws RangeError if `n` is not a positive integer.
   * @throws MalformedPatternError on a `not*` step.
   */
  timesOrMore(
    this: Pattern<T, Done, Name, E, 'one'>,
    n: number,
  ): Pattern<T, Done, Name, E, 'many'> {
    requireNonNegativeInt('Pattern.timesOrMore', 'n', n);
    requirePositiveInt('Pattern.timesOrMore', 'n', n);
    return this.quantify('timesOrMore', n, Infinity);
  }

  /**
   * The step may be skipped: its entry is `undefined` (or an empty array for a loop).
   * @throws MalformedPatternError on a `not*` step.
   */
  optional(): Pattern<
    T,
    Done,
    Name,
    E,
    Kind extends 'one' ? 'optional' : Kind extends 'none' ? never : Kind
  > {
    return this.withLast((s) => {
      requireTake(s, 'optional');
      return { ...s, isOptional: true };
    }) as unknown as Pattern<
      T,
      Done,
      Name,
      E,
      Kind extends 'one' ? 'optional' : Kind extends 'none' ? never : Kind
    >;
  }

  /**
   * The loop takes as many events as it can before the next step may start.
   * @throws MalformedPatternError if the step is not a loop.
   */
  greedy(): Pattern<T, Done, Name, E, Kind> {
    return this.withLast((s) => {
      requireLoop(s, 'greedy');
      return { ...s, isGreedy: true };
    });
  }

  /**
   * The events of the loop must directly follow each other (strict contiguity inside the loop).
   * @throws MalformedPatternError if the step is not a loop.
   */
  consecutive(): Pattern<T, Done, Name, E, Kind> {
    return this.innerContiguity('consecutive', 'strict');
  }

  /**
   * The loop may skip any matching event: every combination is a match (non-deterministic
   * relaxed contiguity inside the loop).
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

  private append<N extends string, K extends StepKind>(
    name: N,
    kind: StepSpec['kind'],
    contiguity: Contiguity,
  ): Pattern<T, Done & StepEntry<Name, E, Kind>, N, T, K> {
    requireName(name);
    if (this.steps.some((s) => s.name === name)) {
      throw new MalformedPatternError(name, 'is named twice: step names must be unique');
    }
    const last = this.last;
    if (kind !== 'take' && last.isOptional) {
      throw new MalformedPatternError(
        name,
        `is a ${kind} step after the optional step '${last.name}'`,
      );
    }
    return new Pattern(
      [...this.steps, newStep(name, kind, contiguity)],
      this.withinMs,
      this.withinMode,
    );
  }

  private quantify<K extends StepKind>(
    what: string,
    min: number,
    max: number,
  ): Pattern<T, Done, Name, E, K> {
    return this.withLast((s) => {
      requireTake(s, what);
      if (s.isLoop)
        throw new MalformedPatternError(
          s.name,
          `already has a quantifier: ${what} cannot be added`,
        );
      return { ...s, min, max, isLoop: max > 1 };
    }) as unknown as Pattern<T, Done, Name, E, K>;
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

function requireName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(
      `Pattern: a step name must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  }
}

function requireTake(step: StepSpec, what: string): void {
  if (step.kind !== 'take') {
    throw new MalformedPatternError(step.name, `is a ${step.kind} step: it cannot be ${what}`);
  }
}

function requireLoop(step: StepSpec, what: string): void {
  requireTake(step, what);
  if (!step.isLoop) {
    throw new MalformedPatternError(
      step.name,
      `is not a loop: ${what} needs oneOrMore, times or timesOrMore before it`,
    );
  }
}

function and(a: AnyCondition, b: AnyCondition): AnyCondition {
  const f = a as (e: unknown, c: unknown) => boolean;
  const g = b as (e: unknown, c: unknown) => boolean;
  return (e: unknown, c: unknown) => f(e, c) && g(e, c);
}

function or(a: AnyCondition, b: AnyCondition): AnyCondition {
  const f = a as (e: unknown, c: unknown) => boolean;
  const g = b as (e: unknown, c: unknown) => boolean;
  return (e: unknown, c: unknown) => f(e, c) || g(e, c);
}
