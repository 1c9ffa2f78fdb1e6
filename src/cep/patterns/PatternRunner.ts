import type { CompiledPattern } from './compilePattern.js';
import { EventTimeQueue } from './EventTimeQueue.js';
import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import { MatcherPool } from './MatcherPool.js';
import type { PatternSettings } from './PatternSettings.js';
import type { SharedBuffer } from './SharedBuffer.js';
import type { RuleRunner, RunnerOutput } from './RuleRunner.js';
import type { TooManyPartialMatchesError } from './TooManyPartialMatchesError.js';

/**
 * @internal The fewest matchers without partial matches a runner keeps before it sweeps them:
 * enough that keys coming back every few thousand events (the strict benchmark's 10,000 keys,
 * three quarters idle at any time) are not swept and made again; a few megabytes at most.
 */
export const minIdleKeys = 16_384;

/**
 * @internal One compiled pattern over a keyed stream: a matcher per key, created on a key's first
 * event, and a queue of partial-match deadlines for `within`. `CEP.pattern` runs one;
 * `CEP.dynamic` one per live rule version. Strict loop-free rules run on `StrictRunner` instead.
 *
 * A key whose matcher holds no partial match any more stays in the map, idle, until a sweep
 * removes every idle one: a sweep runs when the idle keys outnumber `max(minIdleKeys, 2 × live
 * keys)`, so memory stays within three times the live state plus a constant, while a key that
 * comes back (the common case) costs no `Map` delete and set and no new matcher. A retiring rule
 * version drops idle keys at once.
 */
export class PatternRunner<T> implements MatcherOutput<T>, RuleRunner<T> {
  readonly keys = new Map<unknown, KeyMatcher<T>>();
  /** Keys whose matcher holds a partial match (or a match held back); the rest are idle. */
  liveKeys = 0;
  /**
   * Deadlines come in time order in the common cases (fresh starts, `within` from the previous
   * event): a ring, no heap sift, no object per entry. Stale entries are skipped when they fire.
   */
  private readonly deadlines = new EventTimeQueue<KeyMatcher<T>>();
  /** Orders deadline entries with equal times, as they were scheduled. */
  private scheduled = 0;
  private readonly matchers: MatcherPool<T>;
  /** False once the rule was swapped or removed with `'finish'`: no new partial match starts. */
  isStarting = true;

  constructor(
    readonly pattern: CompiledPattern,
    /** The rule it runs for `CEP.dynamic`; `undefined` for `CEP.pattern`. */
    readonly ruleId: string | undefined,
    readonly version: number,
    private readonly settings: PatternSettings<T>,
    buffer: SharedBuffer<T>,
    private readonly out: RunnerOutput<T>,
  ) {
    this.matchers = new MatcherPool(pattern, settings, buffer, this);
  }

  /** Runs one event through its key's matcher. */
  match(event: T, key: unknown, timestamp: number, seq: number): void {
    // Partial matches due by now time out first, whichever key: the matcher then need not check.
    if (this.deadlines.hasDue(timestamp)) this.expire(timestamp);
    let matcher = this.keys.get(key);
    let wasLive = false;
    if (matcher === undefined) {
      if (!this.isStarting) return;
      matcher = this.matchers.acquire(key);
      this.keys.set(key, matcher);
      this.settings.metrics.idleKeys++;
    } else wasLive = matcher.size > 0;
    matcher.process(event, timestamp, seq);
    if (matcher.size > 0) {
      if (!wasLive) this.live();
    } else this.idle(matcher, wasLive);
  }

  /** Times out every key's partial matches due at or before `time`. */
  expire(time: number): void {
    const deadlines = this.deadlines;
    while (deadlines.hasDue(time)) {
      const matcher = deadlines.shift();
      // An entry may be stale (its partial match ended; the matcher went idle or to another key).
      if (matcher.size === 0) continue;
      matcher.advanceTime(time);
      if (matcher.size === 0) this.idle(matcher, true);
    }
  }

  /** The earliest deadline of any key (possibly stale); `Number.MAX_SAFE_INTEGER` if none. */
  nextDeadline(): number {
    return this.deadlines.earliest();
  }

  schedule(matcher: KeyMatcher<T>, at: number): void {
    this.deadlines.add(matcher, at, this.scheduled++);
  }

  /** The input ended, or the rule was dropped: every key emits what a skip strategy held back. */
  finish(): void {
    for (const matcher of this.keys.values()) matcher.finish();
    this.forgetKeys();
  }

  /** Starts no new partial match; those alive run on to a match or a timeout. */
  stopStarting(): void {
    this.isStarting = false;
    for (const matcher of this.keys.values()) matcher.stopStarting();
    this.sweep();
  }

  /** Drops every partial match, counting them as dropped; held-back matches are emitted. */
  dropAll(): void {
    const metrics = this.settings.metrics;
    const before = metrics.partialMatches;
    this.finish();
    metrics.dropped += before - metrics.partialMatches;
  }

  /** Sends every partial match to `timedOut` at `time`. */
  timeOutAll(time: number): void {
    for (const matcher of this.keys.values()) matcher.timeOutAll(time);
    this.forgetKeys();
  }

  get hasTimedOutSink(): boolean {
    return this.settings.routeTimedOut;
  }

  onMatch(match: Record<string, unknown>): void {
    this.out.onRunnerMatch(this, match);
  }

  onTimedOut(key: unknown, match: Record<string, unknown>, timestamp: number): void {
    this.out.onRunnerTimedOut(this, key, match, timestamp);
  }

  tooMany(key: unknown): TooManyPartialMatchesError {
    return this.out.tooMany(key);
  }

  private live(): void {
    this.liveKeys++;
    this.settings.metrics.keys++;
    this.settings.metrics.idleKeys--;
  }

  /** A key holds nothing after an event: it stays, idle, until a sweep (at once if retiring). */
  private idle(matcher: KeyMatcher<T>, wasLive: boolean): void {
    const metrics = this.settings.metrics;
    if (wasLive) {
      this.liveKeys--;
      metrics.keys--;
      metrics.idleKeys++;
    }
    if (!this.isStarting) {
      this.keys.delete(matcher.key);
      metrics.idleKeys--;
      this.matchers.release(matcher);
    } else if (this.keys.size - this.liveKeys > Math.max(minIdleKeys, 2 * this.liveKeys)) {
      this.sweep();
    }
  }

  /** Removes every idle key; its matcher goes back to the pool. */
  private sweep(): void {
    let swept = 0;
    for (const [key, matcher] of this.keys) {
      if (matcher.size > 0) continue;
      this.keys.delete(key);
      this.matchers.release(matcher);
      swept++;
    }
    this.settings.metrics.idleKeys -= swept;
  }

  private forgetKeys(): void {
    const metrics = this.settings.metrics;
    metrics.keys -= this.liveKeys;
    metrics.idleKeys -= this.keys.size - this.liveKeys;
    this.liveKeys = 0;
    this.keys.clear();
    this.deadlines.clear();
  }
}
