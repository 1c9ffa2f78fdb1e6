import type { KeyMatcher, MatcherOutput } from './KeyMatcher.js';
import { DeadlineRule } from './DeadlineRule.js';
import { MatchContext } from './MatchContext.js';
import { NFA } from './NFA.js';
import type { NFAShared } from './NFAShared.js';
import type { PatternSettings } from './PatternSettings.js';
import type { SharedBuffer } from './SharedBuffer.js';
import type { CompiledPattern } from './compilePattern.js';

/** @internal How many idle matchers a pool keeps for new keys. */
export const maxIdleMatchers = 1024;

/**
 * @internal Makes the per-key NFAs of one pattern run, and what they share (the shared buffer,
 * one condition context). A key's state is dropped as soon as it holds no partial match, so most events of a key without one make a matcher that is empty
 * again right after: an emptied matcher is kept (up to {@link maxIdleMatchers}) and handed to the
 * next new key instead of building one per event.
 */
export class MatcherPool<T> {
  private readonly shared: NFAShared<T>;
  private readonly idle: (KeyMatcher<T> | undefined)[] = [];
  private idleCount = 0;

  constructor(
    pattern: CompiledPattern,
    settings: PatternSettings<T>,
    readonly buffer: SharedBuffer<T>,
    out: MatcherOutput,
  ) {
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
    return new NFA<T>(key, this.shared);
  }

  /** Takes back a matcher that holds no partial match. */
  release(matcher: KeyMatcher<T>): void {
    if (this.idleCount < maxIdleMatchers) this.idle[this.idleCount++] = matcher;
  }
}
