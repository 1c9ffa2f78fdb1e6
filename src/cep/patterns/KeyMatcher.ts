import type { TooManyPartialMatchesError } from './TooManyPartialMatchesError.js';

/** @internal Where a key's matcher sends what it finds. */
export interface MatcherOutput<T = unknown> {
  /** Whether timed-out partial matches go anywhere: if not, matchers skip building them. */
  readonly hasTimedOutSink: boolean;
  onMatch(match: Record<string, unknown>): void;
  onTimedOut(key: unknown, match: Record<string, unknown>, timestamp: number): void;
  tooMany(key: unknown): TooManyPartialMatchesError;
  /**
   * A partial match of `matcher` times out at `at`: the operator calls its `advanceTime` then.
   * Every live partial match's deadline has been scheduled (an entry may outlive its partial
   * match: the matcher then has nothing due and is skipped).
   */
  schedule(matcher: KeyMatcher<T>, at: number): void;
}

/** @internal The matcher of one key: the NFA (strict loop-free rules run on `StrictRunner` instead). */
export interface KeyMatcher<T> {
  /** Set anew when a matcher left without partial matches is reused for another key. */
  key: unknown;
  /** Live partial matches (and pending matches held back by a skip strategy). */
  readonly size: number;
  /** Matches the event; the caller has timed out what was due at `timestamp` (`advanceTime`). */
  process(event: T, timestamp: number, seq: number): void;
  /** Times out the partial matches due at or before `time`. */
  advanceTime(time: number): void;
  /** The input ended: emits the matches a skip strategy held back, drops the rest. */
  finish(): void;
  /** Starts no new partial match from now on (its rule was swapped or removed). */
  stopStarting(): void;
  /** Times out every partial match at `time`, then emits the matches a skip strategy held back. */
  timeOutAll(time: number): void;
}
