/** @internal How a step's first event relates to the previous step's last one (Flink's consuming strategy). */
export type Contiguity = 'strict' | 'relaxed' | 'any';

/** @internal A condition as the NFA calls it: the context is built only if the function reads it. */
export type AnyCondition = (event: never, ctx: never) => boolean;

/**
 * @internal One element of a pattern as the builder records it; immutable. Either a step (one
 * name, events or a negative condition) or a group: a sub-pattern quantified as a whole.
 */
export interface StepSpec {
  /** The step's name; for a group, its steps' names in brackets, for messages. */
  readonly name: string;
  /** `'take'` steps match events; the `not*` steps forbid them; a `'group'` holds `group`. */
  readonly kind: 'take' | 'notNext' | 'notFollowedBy' | 'group';
  readonly contiguity: Contiguity;
  readonly condition: AnyCondition | undefined;
  /** Whether `condition` is made only of one-argument functions: no context needed. */
  readonly isSimple: boolean;
  readonly min: number;
  readonly max: number;
  readonly isLoop: boolean;
  /** A quantifier was applied: the match holds an array for it, even for `times(1)`. */
  readonly isQuantified: boolean;
  readonly isOptional: boolean;
  readonly isGreedy: boolean;
  /** Contiguity between the events of a loop (between iterations, for a group): relaxed by default. */
  readonly inner: Contiguity;
  readonly until: AnyCondition | undefined;
  /** The longest gap between two consecutive events a loop takes (`oneOrMore(windowTime)`). */
  readonly gapMs: number | undefined;
  /** A group's sub-pattern. */
  readonly group: readonly StepSpec[] | undefined;
}

/** @internal A fresh single step. */
export function newStep(name: string, kind: StepSpec['kind'], contiguity: Contiguity): StepSpec {
  return {
    name,
    kind,
    contiguity,
    condition: undefined,
    isSimple: true,
    min: 1,
    max: 1,
    isLoop: false,
    isQuantified: false,
    isOptional: false,
    isGreedy: false,
    inner: 'relaxed',
    until: undefined,
    gapMs: undefined,
    group: undefined,
  };
}

/** @internal The names of every step, inside groups too. */
export function stepNames(steps: readonly StepSpec[]): string[] {
  const names: string[] = [];
  for (const s of steps) {
    if (s.group === undefined) names.push(s.name);
    else names.push(...stepNames(s.group));
  }
  return names;
}
