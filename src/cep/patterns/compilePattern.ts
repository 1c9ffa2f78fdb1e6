import type { AfterMatchSkipStrategy } from './AfterMatchSkipStrategy.js';
import { type FlatStep, flattenPattern, type Test } from './flattenPattern.js';
import { MalformedPatternError } from './MalformedPatternError.js';
import type { Pattern, WithinMode } from './Pattern.js';
import type { StepKind } from './PatternTypes.js';
import type { Contiguity, StepSpec } from './StepSpec.js';

export type { Test } from './flattenPattern.js';

/** @internal A step that takes events, with the negative steps before it folded in as guards. */
export interface CompiledStep {
  readonly name: string;
  /** The match entry this step fills: its name's index in {@link CompiledPattern.slots}. */
  readonly slot: number;
  readonly entry: CompiledSlot['entry'];
  readonly min: number;
  readonly max: number;
  readonly isOptional: boolean;
  readonly isGreedy: boolean;
  /** Contiguity of the step's first event; of the events after it, for a loop. */
  readonly contiguity: Contiguity;
  readonly inner: Contiguity;
  readonly condition: Test | undefined;
  readonly until: Test | undefined;
  /** Where a partial match goes once the step has `min` events: the next step, `n` at the end. */
  readonly next: number;
  /** Where a partial match goes when it skips this optional step (a group's exit, for a group). */
  readonly skips: readonly number[];
  /** A `notNext` before the step: the first event after the previous step must fail it. */
  readonly guardNext: Test | undefined;
  /** A `notFollowedBy` before the step: no event before its first may pass it. */
  readonly guardFollowedBy: Test | undefined;
  /** Once the step has `min` events, every later step may be skipped: that is a match. */
  readonly isFinalAfter: boolean;
  /** For a greedy loop: whether the steps after it would take the event. */
  readonly followingTake: Test | undefined;
  /** A per-loop gap: the longest wait for the loop's next event once the step has taken one. */
  readonly gapTaken: number;
  /** The same before the step has taken one (inside a timed group); `Infinity` without. */
  readonly gapWaiting: number;
}

/** @internal One entry of a match: a step name and how its events appear. */
export interface CompiledSlot {
  readonly name: string;
  readonly entry: 'one' | 'optional' | 'many';
}

/** @internal The NFA of a pattern: its steps as arrays the matcher walks, and its settings. */
export interface CompiledPattern {
  readonly steps: readonly CompiledStep[];
  /** The match's entries, one per step name (a group's steps appear once however copied). */
  readonly slots: readonly CompiledSlot[];
  /** A negative step at the end: `notNext` decides on the next event, `notFollowedBy` at `within`. */
  readonly trailing:
    { readonly kind: 'notNext' | 'notFollowedBy'; readonly test: Test } | undefined;
  readonly withinMs: number | undefined;
  readonly withinMode: WithinMode;
  /** Some step has a per-loop gap. */
  readonly hasGaps: boolean;
  readonly skip: AfterMatchSkipStrategy;
  /** Slots by step name, for contexts and skip strategies. */
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
  const flat: FlatStep[] = [];
  const left = flattenPattern(specs, flat);
  const lastSpec = specs[specs.length - 1] as StepSpec; // non-null: begin made one
  let trailing: CompiledPattern['trailing'] = undefined;
  if (lastSpec.kind === 'notNext' || lastSpec.kind === 'notFollowedBy') {
    if (lastSpec.kind === 'notFollowedBy' && pattern.withinMs === undefined) {
      throw new MalformedPatternError(
        lastSpec.name,
        'is a notFollowedBy at the end of the pattern: it needs within(ms) to know when to stop',
      );
    }
    trailing = { kind: lastSpec.kind, test: (left.next ?? left.followedBy) as Test };
  }
  const slots: CompiledSlot[] = [];
  const indexOf = new Map<string, number>();
  for (const f of flat) {
    if (indexOf.has(f.spec.name)) continue;
    indexOf.set(f.spec.name, slots.length);
    slots.push({ name: f.spec.name, entry: f.entry });
  }
  const n = flat.length;
  const canSkipToEnd = (j: number): boolean => {
    if (j === n) return trailing === undefined;
    const f = flat[j] as FlatStep; // non-null: j < n
    return (
      f.isOptional &&
      f.guardNext === undefined &&
      f.guardFollowedBy === undefined &&
      f.skips.some(canSkipToEnd)
    );
  };
  const steps = flat.map((f): CompiledStep => ({
    name: f.spec.name,
    slot: indexOf.get(f.spec.name) as number, // non-null: every name was added above
    entry: f.entry,
    min: f.spec.min,
    max: f.spec.max,
    isOptional: f.isOptional,
    isGreedy: f.spec.isGreedy,
    contiguity: f.contiguity,
    inner: f.spec.inner,
    condition: f.spec.condition as Test | undefined,
    until: f.until as Test | undefined,
    next: f.next,
    skips: f.skips,
    guardNext: f.guardNext,
    guardFollowedBy: f.guardFollowedBy,
    isFinalAfter: canSkipToEnd(f.next),
    followingTake: f.next === n ? undefined : followingTake(flat, f.next),
    gapTaken: f.gapTaken,
    gapWaiting: f.gapWaiting,
  }));
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
    specs.every((s) => s.kind === 'take') &&
    flat.every(
      (f, i) =>
        f.isSimple &&
        !f.spec.isLoop &&
        !f.spec.isQuantified &&
        !f.isOptional &&
        (i === 0 || f.contiguity === 'strict'),
    );
  return {
    steps,
    slots,
    trailing,
    withinMs: pattern.withinMs,
    withinMode: pattern.withinMode,
    hasGaps: flat.some((f) => f.gapTaken !== Infinity || f.gapWaiting !== Infinity),
    skip,
    indexOf,
    isStrictFast,
  };
}

/** Whether any step from `from` on (through optional ones, to where they skip) takes the event. */
function followingTake(flat: readonly FlatStep[], from: number): Test {
  const tests: Test[] = [];
  const seen = new Set<number>();
  const visit = (j: number): void => {
    const f = flat[j];
    if (f === undefined || seen.has(j)) return;
    seen.add(j);
    tests.push((f.spec.condition ?? always) as Test);
    if (f.isOptional) for (const t of f.skips) visit(t);
  };
  visit(from);
  return (event, ctx) => tests.some((t) => t(event, ctx));
}
