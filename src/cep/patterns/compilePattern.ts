import type { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import { MalformedPatternError } from './MalformedPatternError.js';
import type { Pattern, WithinMode } from './Pattern.js';
import type { StepKind } from './PatternTypes.js';
import type { Contiguity, StepSpec } from './StepSpec.js';

/** @internal A condition as the NFA calls it, with its reusable context. */
export type Test = (event: unknown, ctx: unknown) => boolean;

/** @internal A step that takes events, with the negative steps before it folded in as guards. */
export interface CompiledStep {
  readonly name: string;
  readonly entry: Exclude<StepKind, 'none'>;
  readonly min: number;
  readonly max: number;
  readonly isOptional: boolean;
  readonly isGreedy: boolean;
  /** Contiguity of the step's first event; of the events after it, for a loop. */
  readonly contiguity: Contiguity;
  readonly inner: Contiguity;
  readonly condition: Test | undefined;
  readonly until: Test | undefined;
  /** A `notNext` before the step: the first event after the previous step must fail it. */
  readonly guardNext: Test | undefined;
  /** A `notFollowedBy` before the step: no event before its first may pass it. */
  readonly guardFollowedBy: Test | undefined;
  /** Once the step has `min` events, every later step may be skipped: that is a match. */
  readonly isFinalAfter: boolean;
  /** For a greedy loop: whether the steps after it would take the event. */
  readonly followingTake: Test | undefined;
}

/** @internal The NFA of a pattern: its steps as arrays the matcher walks, and its settings. */
export interface CompiledPattern {
  readonly steps: readonly CompiledStep[];
  /** A negative step at the end: `notNext` decides on the next event, `notFollowedBy` at `within`. */
  readonly trailing:
    { readonly kind: 'notNext' | 'notFollowedBy'; readonly test: Test } | undefined;
  readonly withinMs: number | undefined;
  readonly withinMode: WithinMode;
  readonly skip: AfterMatchSkipStrategy;
  /** Steps by name, for contexts and skip strategies. */
  readonly indexOf: ReadonlyMap<string, number>;
  /** Loop-free, strict, simple conditions, no `within`: the per-key bitmask matcher runs it. */
  readonly isStrictFast: boolean;
}

const always: Test = () => true;

/**
 * @internal Checks a finished pattern and compiles it.
 * @throws MalformedPatternError for a trailing `notFollowedBy` without `within`, or a skip
 * strategy naming a step the pattern lacks.
 */
export function compilePattern<T>(
  pattern: Pattern<T, unknown, string, T, StepKind>,
  skip: AfterMatchSkipStrategy,
): CompiledPattern {
  const specs = pattern.steps;
  const takes: StepSpec[] = [];
  const guardsNext: (Test | undefined)[] = [];
  const guardsFollowedBy: (Test | undefined)[] = [];
  let guardNext: Test | undefined = undefined;
  let guardFollowedBy: Test | undefined = undefined;
  for (const s of specs) {
    const test = (s.condition ?? always) as Test;
    if (s.kind === 'notNext') guardNext = test;
    else if (s.kind === 'notFollowedBy') guardFollowedBy = test;
    else {
      takes.push(s);
      guardsNext.push(guardNext);
      guardsFollowedBy.push(guardFollowedBy);
      guardNext = undefined;
      guardFollowedBy = undefined;
    }
  }
  const lastSpec = specs[specs.length - 1] as StepSpec; // non-null: begin made one
  let trailing: CompiledPattern['trailing'] = undefined;
  if (lastSpec.kind !== 'take') {
    if (lastSpec.kind === 'notFollowedBy' && pattern.withinMs === undefined) {
      throw new MalformedPatternError(
        lastSpec.name,
        'is a notFollowedBy at the end of the pattern: it needs within(ms) to know when to stop',
      );
    }
    trailing = { kind: lastSpec.kind, test: (guardNext ?? guardFollowedBy) as Test };
  }
  const steps: CompiledStep[] = [];
  for (let i = takes.length - 1; i >= 0; i--) {
    const s = takes[i] as StepSpec; // non-null: i is in range
    const later = steps[0];
    const isLaterSkippable =
      later === undefined
        ? trailing === undefined
        : later.isOptional &&
          later.isFinalAfter &&
          later.guardNext === undefined &&
          later.guardFollowedBy === undefined;
    steps.unshift({
      name: s.name,
      entry: s.isLoop ? 'many' : s.isOptional ? 'optional' : 'one',
      min: s.min,
      max: s.max,
      isOptional: s.isOptional,
      isGreedy: s.isGreedy,
      contiguity: i === 0 ? 'strict' : s.contiguity,
      inner: s.inner,
      condition: s.condition as Test | undefined,
      until: s.until as Test | undefined,
      guardNext: guardsNext[i],
      guardFollowedBy: guardsFollowedBy[i],
      isFinalAfter: isLaterSkippable,
      followingTake: later === undefined ? undefined : followingTake(steps),
    });
  }
  const indexOf = new Map(steps.map((s, i) => [s.name, i]));
  const name = skip.stepName;
  if (name !== undefined && !indexOf.has(name)) {
    throw new MalformedPatternError(
      name,
      `is named by ${skip.kind} but is not a step of the pattern`,
    );
  }
  const isStrictFast =
    pattern.withinMs === undefined &&
    trailing === undefined &&
    (skip.kind === 'noSkip' || skip.kind === 'skipToNext' || skip.kind === 'skipPastLastEvent') &&
    takes.every(
      (s, i) =>
        s.isSimple &&
        !s.isLoop &&
        !s.isOptional &&
        (i === 0 || s.contiguity === 'strict') &&
        guardsNext[i] === undefined &&
        guardsFollowedBy[i] === undefined,
    );
  return {
    steps,
    trailing,
    withinMs: pattern.withinMs,
    withinMode: pattern.withinMode,
    skip,
    indexOf,
    isStrictFast,
  };
}

/** Whether any step from `later[0]` on (through optional ones) would take the event. */
function followingTake(later: readonly CompiledStep[]): Test {
  const tests: Test[] = [];
  for (const s of later) {
    tests.push(s.condition ?? always);
    if (!s.isOptional) break;
  }
  return (event, ctx) => tests.some((t) => t(event, ctx));
}
