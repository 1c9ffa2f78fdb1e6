/**
 * How a step's events appear in a match: `'one'` the event, `'optional'` the event or `undefined`,
 * `'many'` an array (a loop), `'none'` not at all (a `notNext`/`notFollowedBy` step). A group's
 * steps appear as they do in its sub-pattern (`'group'`), each one possibly `undefined` when the
 * group is optional (`'optionalGroup'`), each one an array when it is quantified (`'manyGroup'`).
 */
export type StepKind = 'one' | 'optional' | 'many' | 'none' | GroupKind;

/** The kinds of a group pattern; see {@link StepKind}. */
export type GroupKind = 'group' | 'optionalGroup' | 'manyGroup';

import type { Pattern } from './Pattern.js';

/** Type-level only: the key under which a group's match rides in the builder's event type. */
export declare const groupMatch: unique symbol;

/**
 * Type-level only: a group's match `M`, carried in the event-type parameter of the builder while
 * the group is its current element (no value ever has this type).
 */
export interface GroupMarker<M> {
  readonly [groupMatch]: M;
}

/** The entries of a group's match `M` as its quantifier makes them. */
export type GroupEntry<M, Kind extends GroupKind> = Kind extends 'group'
  ? M
  : Kind extends 'optionalGroup'
    ? { [P in keyof M]: M[P] extends readonly unknown[] ? M[P] : M[P] | undefined }
    : { [P in keyof M]: EventOf<M[P]>[] };

/** The match entry of one step, from its name, event type and kind. */
export type StepEntry<Name extends string, E, Kind extends StepKind> = Kind extends 'none'
  ? unknown
  : Kind extends GroupKind
    ? E extends GroupMarker<infer M>
      ? GroupEntry<M, Kind>
      : never
    : Record<Name, Kind extends 'one' ? E : Kind extends 'optional' ? E | undefined : E[]>;

/** The kind a loop quantifier gives: a step becomes an array, a group's steps become arrays. */
export type LoopKind<Kind extends StepKind> = Kind extends GroupKind ? 'manyGroup' : 'many';

/** The kind `optional()` gives. */
export type OptionalKind<Kind extends StepKind> = Kind extends 'one'
  ? 'optional'
  : Kind extends 'group'
    ? 'optionalGroup'
    : Kind extends 'none'
      ? never
      : Kind;

/** Flattens an intersection into one object type, so a match reads `{ login: Login; buy: Buy[] }`. */
export type Simplify<X> = { [P in keyof X]: X[P] } & {};

/** The event type of a match entry: the element of a loop's array, or the (defined) event. */
export type EventOf<X> = X extends readonly (infer U)[] ? U : Exclude<X, undefined>;

/**
 * What an iterative condition sees besides the event: the events already matched to a step of
 * this partial match (in order), and the event's timestamp (event time, or the clock's time on
 * arrival without a `timestamp` option).
 */
export interface PatternContext<M> {
  /** The events matched so far to the step `name`; empty if none. */
  eventsFor<N extends keyof M & string>(name: N): readonly EventOf<M[N]>[];
  /** The timestamp of the event being tested, in milliseconds. */
  readonly timestamp: number;
}

/** A condition on an event of a step; it may look at the partial match through `ctx`. */
export type Condition<E, M> = (event: E, ctx: PatternContext<M>) => boolean;

/** A condition that is also a type guard: the step's event type narrows to `E2`. */
export type GuardCondition<E, E2 extends E, M> = (event: E, ctx: PatternContext<M>) => event is E2;

/** The context type of a step's conditions: earlier steps, and the current one as a loop. */
export type ContextOf<Done, Name extends string, E> = Done & Record<Name, E[]>;

/**
 * A per-loop time gap (Flink 1.18's `oneOrMore(windowTime)`): the longest time between two
 * consecutive events a loop takes. A partial match still in the loop times out (to `timedOut`)
 * when `windowTime` ms pass after the loop's last event without another.
 */
export interface LoopGap {
  /** In milliseconds, a positive integer. */
  readonly windowTime: number;
}

/**
 * A pattern used as a group inside another (`followedBy(subPattern)`): anything with the match
 * and event types of a {@link Pattern}; at run time it must be one.
 */
export interface SubPattern<T, M> {
  readonly matchType: M;
  readonly eventType: (event: T) => void;
}

/** The builder's current element when it is a group of match `M`, before any quantifier. */
export type GroupPattern<T, Done, M> = Pattern<T, Done, never, T & GroupMarker<M>, 'group'>;
