import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import { DeadlineRule } from './DeadlineRule.js';
import { MatchContext } from './MatchContext.js';
import { NFA } from './NFA.js';
import type { NFAShared } from './NFAShared.js';
import type { PatternSettings } from './PatternSettings.js';
import type { SharedBuffer } from './SharedBuffer.js';
import type { CompiledPattern } from './compilePattern.js';
import type { PatternMetrics } from './PatternMetrics.js';
import { maxStrictSteps, StrictMatcher } from './StrictMatcher.js';

/** @internal How many idle matchers a pool keeps for new keys. */
export const maxIdleMatchers = 1024;

/**
 * @internal Makes the per-key matchers of one pattern run: the strict fast path or the NFA, and
 * what the NFAs share (the shared buffer, one condition context). A key's state is dropped as soon
 * as it holds no partial match, so most events of a key without one make a matcher that is empty
 * again right after: an emptied matcher is kept (up to {@link maxIdleMatchers}) and handed to the
 * next new key instead of building one per event.
 */
export class MatcherPool<T> {
  private readonly metrics: PatternMetrics;
  private readonly isFast: boolean;
  private readonly shared: NFAShared<T>;
  private readonly idle: (KeyMatcher<T> | undefined)[] = [];
  private idleCount = 0;

  constructor(
    private readonly pattern: CompiledPattern,
    settings: PatternSettings<T>,
    readonly buffer: SharedBuffer<T>,
    private readonly out: MatcherOutput,
  ) {
    this.metrics = settings.metrics;
    this.isFast = pattern.isStrictFast && pattern.steps.length <= maxStrictSteps;
    this.shared = {
      pattern,
      buffer: this.buffer,
      deadlines: new DeadlineRule(pattern),
      ctx: new MatchContext<T>(pattern),
      metrics: settings.metrics,
      out,
      maxPartialMatches: settings.maxPartialMatches,
      onOverflow: settings.onOverflow,
    };
  }

  /** A matcher without partial matches for `key`. */
  acquire(key: unknown): KeyMatcher<T> {
    if (this.idleCount > 0) {
      const matcher = this.idle[--this.idleCount] as KeyMatcher<T>; // non-null: below idleCount
      this.idle[this.idleCount] = undefined;
      matcher.key = key;
      return matcher;
    }
    return this.isFast
      ? new StrictMatcher<T>(key, this.pattern, this.metrics, this.out)
      : new NFA<T>(key, this.shared);
  }

  /** Takes back a matcher that holds no partial match. */
  release(matcher: KeyMatcher<T>): void {
    if (this.idleCount < maxIdleMatchers) this.idle[this.idleCount++] = matcher;
  }
}
