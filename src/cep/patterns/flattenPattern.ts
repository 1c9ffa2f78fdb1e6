import type { StepKind } from './PatternTypes.js';
import { or } from './specRules.js';
import type { AnyCondition, Contiguity, StepSpec } from './StepSpec.js';

/** @internal A condition as the NFA calls it, with its reusable context. */
export type Test = (event: unknown, ctx: unknown) => boolean;

/**
 * @internal A step that takes events, placed in the NFA's array: a step of the pattern, or of
 * one copy of a group. Groups are compiled away, as Flink's `NFACompiler` inlines a group's
 * states: a group quantified `{n}` becomes n copies of its steps, `{from,to}` `from` copies and
 * `to - from` optional ones, each skippable to the group's exit, and `{n,}` n copies and one
 * more whose end loops back to its start. The runtime only follows `next` and `skips`.
 */
export interface FlatStep {
  readonly spec: StepSpec;
  /** Contiguity of the step's first event (a group copy's first step: the group's, or its inner). */
  readonly contiguity: Contiguity;
  /** It may be skipped without an event: to each of `skips`. */
  isOptional: boolean;
  /** Where a partial match goes once the step has its count. */
  next: number;
  skips: number[];
  guardNext: Test | undefined;
  guardFollowedBy: Test | undefined;
  /** The step's own `until`, or-ed with those of the groups around it. */
  readonly until: AnyCondition | undefined;
  readonly isSimple: boolean;
  /** The longest wait, once the step has taken an event, for the next one of its loop. */
  gapTaken: number;
  /** The same while the step has taken nothing yet (inside a timed group, past its entry). */
  gapWaiting: number;
  readonly entry: Exclude<StepKind, 'none' | 'group' | 'optionalGroup' | 'manyGroup'>;
}

/** @internal What the groups around a step make of it. */
interface Around {
  readonly isMany: boolean;
  readonly isOptional: boolean;
  readonly until: AnyCondition | undefined;
  readonly isSimple: boolean;
}

/** @internal The negative steps waiting for the next step that takes events. */
export interface Guards {
  next: Test | undefined;
  followedBy: Test | undefined;
}

const always: Test = () => true;
const top: Around = { isMany: false, isOptional: false, until: undefined, isSimple: true };

/**
 * @internal The take steps of a pattern in NFA order, groups expanded; the guards left over
 * belong to a negative step at the end.
 */
export function flattenPattern(specs: readonly StepSpec[], out: FlatStep[]): Guards {
  return flattenSeq(specs, 'strict', top, out);
}

function flattenSeq(
  specs: readonly StepSpec[],
  first: Contiguity,
  around: Around,
  out: FlatStep[],
): Guards {
  const guards: Guards = { next: undefined, followedBy: undefined };
  for (let k = 0; k < specs.length; k++) {
    const s = specs[k] as StepSpec; // non-null: k is in range
    const contiguity = k === 0 ? first : s.contiguity;
    if (s.kind === 'notNext') guards.next = (s.condition ?? always) as Test;
    else if (s.kind === 'notFollowedBy') guards.followedBy = (s.condition ?? always) as Test;
    else {
      const at = out.length;
      if (s.kind === 'group') flattenGroup(s, contiguity, around, out);
      else out.push(flatTake(s, contiguity, around, at));
      const head = out[at] as FlatStep; // non-null: a step or a group added at least one
      head.guardNext = guards.next;
      head.guardFollowedBy = guards.followedBy;
      guards.next = undefined;
      guards.followedBy = undefined;
    }
  }
  return guards;
}

function flatTake(s: StepSpec, contiguity: Contiguity, around: Around, at: number): FlatStep {
  return {
    spec: s,
    contiguity,
    isOptional: s.isOptional,
    next: at + 1,
    skips: s.isOptional ? [at + 1] : [],
    guardNext: undefined,
    guardFollowedBy: undefined,
    until: either(s.until, around.until),
    isSimple: s.isSimple && around.isSimple,
    gapTaken: s.gapMs ?? Infinity,
    gapWaiting: Infinity,
    entry:
      around.isMany || s.isQuantified
        ? 'many'
        : around.isOptional || s.isOptional
          ? 'optional'
          : 'one',
  };
}

function flattenGroup(g: StepSpec, contiguity: Contiguity, around: Around, out: FlatStep[]): void {
  const sub = g.group as readonly StepSpec[]; // non-null: a group has its sub-pattern
  const inside: Around = {
    isMany: around.isMany || g.isQuantified,
    isOptional: around.isOptional || g.isOptional,
    until: either(g.until, around.until),
    isSimple: around.isSimple && g.isSimple,
  };
  const isLooping = g.max === Infinity;
  const copies = isLooping ? g.min + 1 : g.max;
  const firsts: number[] = [];
  for (let k = 0; k < copies; k++) {
    firsts.push(out.length);
    flattenSeq(sub, k === 0 ? contiguity : g.inner, inside, out);
  }
  const exit = out.length;
  if (isLooping) {
    // The last copy's end (and any skip that reaches it) starts the copy again.
    const loopFirst = firsts[copies - 1] as number; // non-null: copies >= 2
    for (let j = loopFirst; j < exit; j++) {
      const f = out[j] as FlatStep; // non-null: j < exit
      if (f.next === exit) f.next = loopFirst;
      f.skips = f.skips.map((t) => (t === exit ? loopFirst : t));
    }
  }
  for (let k = 0; k < copies; k++) {
    if ((k === 0 && g.isOptional) || k >= g.min) {
      const head = out[firsts[k] as number] as FlatStep; // non-null: each copy has steps
      head.isOptional = true;
      head.skips.push(exit);
    }
  }
  if (g.gapMs !== undefined) timeGroup(g.gapMs, firsts, exit, out);
}

/**
 * A timed group bounds the wait between any two of its events: every step of every copy, except
 * where the group is entered (its first step, and the steps an optional first step skips to),
 * which waits for the group's first event.
 */
function timeGroup(gap: number, firsts: readonly number[], exit: number, out: FlatStep[]): void {
  const start = firsts[0] as number; // non-null: a group has a copy
  const end = firsts[1] ?? exit;
  const entries = new Set<number>([start]);
  for (let j = start; j < end; j++) {
    const f = out[j] as FlatStep; // non-null: j < exit
    if (entries.has(j) && f.isOptional) for (const t of f.skips) if (t < end) entries.add(t);
  }
  for (let j = start; j < exit; j++) {
    const f = out[j] as FlatStep; // non-null: j < exit
    f.gapTaken = Math.min(f.gapTaken, gap);
    if (!entries.has(j)) f.gapWaiting = Math.min(f.gapWaiting, gap);
  }
}

function either(
  a: AnyCondition | undefined,
  b: AnyCondition | undefined,
): AnyCondition | undefined {
  return a === undefined ? b : b === undefined ? a : or(a, b);
}
