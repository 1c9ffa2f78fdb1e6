/** @internal How a step's first event relates to the previous step's last one (Flink's consuming strategy). */
export type Contiguity = 'strict' | 'relaxed' | 'any';

/** @internal A condition as the NFA calls it: the context is built only if the function reads it. */
export type AnyCondition = (event: never, ctx: never) => boolean;

/** @internal One step of a pattern as the builder records it; immutable. */
export interface StepSpec {
  readonly name: string;
  /** `'take'` steps match events; the `not*` steps forbid them. */
  readonly kind: 'take' | 'notNext' | 'notFollowedBy';
  readonly contiguity: Contiguity;
  readonly condition: AnyCondition | undefined;
  /** Whether `condition` is made only of one-argument functions: no context needed. */
  readonly isSimple: boolean;
  readonly min: number;
  readonly max: number;
  readonly isLoop: boolean;
  readonly isOptional: boolean;
  readonly isGreedy: boolean;
  /** Contiguity between the events of a loop: relaxed by default. */
  readonly inner: Contiguity;
  readonly until: AnyCondition | undefined;
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
    isOptional: false,
    isGreedy: false,
    inner: 'relaxed',
    until: undefined,
  };
}
