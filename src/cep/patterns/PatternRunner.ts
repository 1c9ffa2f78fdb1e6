import { TimerQueue } from '../windows/TimerQueue.js';
import type { CompiledPattern } from './compilePattern.js';
import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import { MatcherPool } from './MatcherPool.js';
import type { PatternSettings } from './PatternSettings.js';
import type { SharedBuffer } from './SharedBuffer.js';
import type { RuleRunner, RunnerOutput } from './RuleRunner.js';
import type { TooManyPartialMatchesError } from './TooManyPartialMatchesError.js';

/** @internal A key's next timeout; stale once the key scheduled another. */
class Deadline<T> {
  constructor(
    readonly at: number,
    readonly matcher: KeyMatcher<T>,
  ) {}
}

const byDeadline = <T>(a: Deadline<T>, b: Deadline<T>): number => a.at - b.at;

/**
 * @internal One compiled pattern over a keyed stream: a matcher per key, created on a key's first
 * event and dropped when it holds no partial match, and a queue of per-key deadlines for
 * `within`. `CEP.pattern` runs one; `CEP.dynamic` one per live rule version.
 */
export class PatternRunner<T> implements MatcherOutput, RuleRunner<T> {
  readonly keys = new Map<unknown, KeyMatcher<T>>();
  // In-order deadlines cost an append and a shift, not two heap sifts.
  private readonly deadlines = new TimerQueue<Deadline<T>>(byDeadline);
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
    let matcher = this.keys.get(key);
    if (matcher === undefined) {
      if (!this.isStarting) return;
      matcher = this.matchers.acquire(key);
      this.keys.set(key, matcher);
      this.settings.metrics.keys++;
    }
    matcher.process(event, timestamp, seq);
    this.settle(matcher);
  }

  /** Times out every key's partial matches due at or before `time`. */
  expire(time: number): void {
    const deadlines = this.deadlines;
    for (let top = deadlines.peek(); top !== undefined && top.at <= time; top = deadlines.peek()) {
      deadlines.pop();
      const matcher = top.matcher;
      if (matcher.scheduledAt !== top.at || this.keys.get(matcher.key) !== matcher) continue;
      matcher.scheduledAt = Number.MAX_SAFE_INTEGER;
      matcher.advanceTime(time);
      this.settle(matcher);
    }
  }

  /** The earliest deadline of any key (possibly stale); `Number.MAX_SAFE_INTEGER` if none. */
  nextDeadline(): number {
    return this.deadlines.peek()?.at ?? Number.MAX_SAFE_INTEGER;
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

  get liveKeys(): number {
    return this.keys.size;
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

  /** Drops a key without partial matches; schedules its next timeout. */
  private settle(matcher: KeyMatcher<T>): void {
    if (matcher.size === 0) {
      matcher.scheduledAt = Number.MAX_SAFE_INTEGER;
      if (this.keys.delete(matcher.key)) {
        this.settings.metrics.keys--;
        this.matchers.release(matcher);
      }
      return;
    }
    const at = matcher.nextDeadline();
    if (at === Number.MAX_SAFE_INTEGER || at === matcher.scheduledAt) return;
    matcher.scheduledAt = at;
    this.deadlines.add(new Deadline(at, matcher));
  }

  private forgetKeys(): void {
    this.settings.metrics.keys -= this.keys.size;
    this.keys.clear();
    this.deadlines.clear();
  }
}
