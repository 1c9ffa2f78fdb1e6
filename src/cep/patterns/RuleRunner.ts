import type { TooManyPartialMatchesError } from './TooManyPartialMatchesError.js';

/**
 * @internal One compiled pattern over a keyed stream, as the pattern step drives it: the general
 * {@link PatternRunner} (a matcher per key) or the strict fast path ({@link StrictRunner}).
 * `CEP.pattern` runs one; `CEP.dynamic` one per live rule version.
 */
export interface RuleRunner<T> {
  /** The rule it runs for `CEP.dynamic`; `undefined` for `CEP.pattern`. */
  readonly ruleId: string | undefined;
  readonly version: number;
  /** False once the rule was swapped or removed with `'finish'`: no new partial match starts. */
  readonly isStarting: boolean;
  /** Keys holding at least one partial match now. */
  readonly liveKeys: number;
  /** Runs one event through its key's state. */
  match(event: T, key: unknown, timestamp: number, seq: number): void;
  /** Times out every key's partial matches due at or before `time`. */
  expire(time: number): void;
  /** The earliest deadline of any key (possibly stale); `Number.MAX_SAFE_INTEGER` if none. */
  nextDeadline(): number;
  /** The input ended, or the rule was dropped: every key emits what a skip strategy held back. */
  finish(): void;
  /** Starts no new partial match; those alive run on to a match or a timeout. */
  stopStarting(): void;
  /** Drops every partial match, counting them as dropped; held-back matches are emitted. */
  dropAll(): void;
  /** Sends every partial match to `timedOut` at `time`. */
  timeOutAll(time: number): void;
}

/** @internal Where a runner sends what it finds, tagged with the runner. */
export interface RunnerOutput<T> {
  onRunnerMatch(runner: RuleRunner<T>, match: Record<string, unknown>): void;
  onRunnerTimedOut(
    runner: RuleRunner<T>,
    key: unknown,
    match: Record<string, unknown>,
    timestamp: number,
  ): void;
  tooMany(key: unknown): TooManyPartialMatchesError;
}
