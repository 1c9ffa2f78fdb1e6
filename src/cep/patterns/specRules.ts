import { requirePositiveInt } from '../../core/index.js';
import { MalformedPatternError } from './MalformedPatternError.js';
import type { LoopGap } from './PatternTypes.js';
import {
  type AnyCondition,
  type Contiguity,
  newStep,
  type StepSpec,
  stepNames,
} from './StepSpec.js';

/** @internal The gap's milliseconds, checked; `undefined` without one. */
export function gapOf(what: string, gap: LoopGap | undefined): number | undefined {
  if (gap === undefined) return undefined;
  if (typeof gap !== 'object') {
    throw new TypeError(
      `Pattern.${what}: the loop gap must be { windowTime: ms }, got ${JSON.stringify(gap)}`,
    );
  }
  requirePositiveInt(`Pattern.${what}`, 'windowTime', gap.windowTime);
  return gap.windowTime;
}

/** @internal */
/** `times(from, to)`'s counts: `to` a positive integer, at least `from`. */
export function requireRange(what: string, from: number, to: number): void {
  requirePositiveInt(what, 'to', to);
  if (to < from) {
    throw new RangeError(`${what}: to must be at least from (${String(from)}), got ${String(to)}`);
  }
}

export function requireName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError(
      `Pattern: a step name must be a non-empty string, got ${JSON.stringify(name)}`,
    );
  }
}

/** @internal A step that takes events, or a group (quantifiers apply to both). */
export function requireTake(step: StepSpec, what: string): void {
  if (step.kind === 'notNext' || step.kind === 'notFollowedBy') {
    throw new MalformedPatternError(step.name, `is a ${step.kind} step: it cannot be ${what}`);
  }
}

/** @internal A step, not a group: conditions go on a group's steps. */
export function requireStep(step: StepSpec, what: string): void {
  if (step.kind === 'group') {
    throw new MalformedPatternError(
      step.name,
      `is a group: ${what} goes on its steps, not on the group`,
    );
  }
}

/** @internal */
export function requireLoop(step: StepSpec, what: string): void {
  requireTake(step, what);
  if (!step.isLoop) {
    throw new MalformedPatternError(
      step.name,
      `is not a loop: ${what} needs oneOrMore, times or timesOrMore before it`,
    );
  }
}

/**
 * @internal A group of the steps of `sub`, which must take at least one event and end in a step
 * that takes events; its `within` belongs on the outer pattern.
 */
export function newGroup(
  sub: readonly StepSpec[],
  subWithinMs: number | undefined,
  contiguity: Contiguity,
): StepSpec {
  const name = `(${sub.map((s) => s.name).join(' ')})`;
  if (subWithinMs !== undefined) {
    throw new MalformedPatternError(
      name,
      'is a group whose sub-pattern has within: put within on the outer pattern',
    );
  }
  const last = sub[sub.length - 1] as StepSpec; // non-null: begin made one
  if (last.kind === 'notNext' || last.kind === 'notFollowedBy') {
    throw new MalformedPatternError(
      name,
      `is a group ending in the ${last.kind} step '${last.name}': a group must end in a step that takes events`,
    );
  }
  if (!sub.some((s) => (s.kind === 'take' || s.kind === 'group') && !s.isOptional)) {
    throw new MalformedPatternError(
      name,
      'is a group of optional steps only: a group must take at least one event',
    );
  }
  return { ...newStep(name, 'group', contiguity), group: sub };
}

/** @internal `steps` and then `spec`, whose names must be new, and which must not be a not step after an optional one. */
export function appendStep(steps: readonly StepSpec[], spec: StepSpec): StepSpec[] {
  const names = new Set(stepNames(steps));
  for (const name of stepNames([spec])) {
    if (names.has(name)) {
      throw new MalformedPatternError(name, 'is named twice: step names must be unique');
    }
  }
  const last = steps[steps.length - 1] as StepSpec; // non-null: begin made one
  if (spec.kind !== 'take' && spec.kind !== 'group' && last.isOptional) {
    throw new MalformedPatternError(
      spec.name,
      `is a ${spec.kind} step after the optional step '${last.name}'`,
    );
  }
  return [...steps, spec];
}

/** @internal The step (or group) `s` with its one quantifier. */
export function quantified(
  s: StepSpec,
  what: string,
  min: number,
  max: number,
  gapMs: number | undefined,
): StepSpec {
  requireTake(s, what);
  if (s.isQuantified) {
    throw new MalformedPatternError(s.name, `already has a quantifier: ${what} cannot be added`);
  }
  return { ...s, min, max, isLoop: max > 1, isQuantified: true, gapMs };
}

/** @internal Both conditions (AND). */
export function and(a: AnyCondition, b: AnyCondition): AnyCondition {
  const f = a as (e: unknown, c: unknown) => boolean;
  const g = b as (e: unknown, c: unknown) => boolean;
  return (e: unknown, c: unknown) => f(e, c) && g(e, c);
}

/** @internal Either condition (OR). */
export function or(a: AnyCondition, b: AnyCondition): AnyCondition {
  const f = a as (e: unknown, c: unknown) => boolean;
  const g = b as (e: unknown, c: unknown) => boolean;
  return (e: unknown, c: unknown) => f(e, c) || g(e, c);
}
