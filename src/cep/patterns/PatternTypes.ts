/**
 * How a step's events appear in a match: `'one'` the event, `'optional'` the event or `undefined`,
 * `'many'` an array (a loop), `'none'` not at all (a `notNext`/`notFollowedBy` step).
 */
export type StepKind = 'one' | 'optional' | 'many' | 'none';

/** The match entry of one step, from its name, event type and kind. */
export type StepEntry<Name extends string, E, Kind extends StepKind> = Kind extends 'none'
  ? unknown
  : Record<Name, Kind extends 'one' ? E : Kind extends 'optional' ? E | undefined : E[]>;

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
