/**
 * What an operator that honours supervision does with an element whose processing threw:
 * `stop` fails the stream, `resume` drops the element and keeps the state, `restart` drops the
 * element and resets the stage's state to what a fresh stage would have.
 */
export type Directive = 'stop' | 'resume' | 'restart';

/** Chooses a {@link Directive} for an error thrown by a user function. */
export type Decider = (error: unknown) => Directive;

/** Ready-made deciders, named as in Akka. */
export const Supervision = {
  /** Fails the stream on every error: the default. */
  stoppingDecider: (() => 'stop') as Decider,
  /** Drops the failing element and goes on. */
  resumingDecider: (() => 'resume') as Decider,
  /** Drops the failing element and resets the stage's state. */
  restartingDecider: (() => 'restart') as Decider,
} as const;
