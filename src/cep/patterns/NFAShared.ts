import type { CompiledPattern } from './compilePattern.js';
import type { DeadlineRule } from './DeadlineRule.js';
import type { MatcherOutput } from './KeyMatcher.js';
import type { MatchContext } from './MatchContext.js';
import type { PatternMetrics } from './PatternMetrics.js';
import type { SharedBuffer } from './SharedBuffer.js';

/** @internal What the NFAs of one operator share. */
export interface NFAShared<T> {
  readonly pattern: CompiledPattern;
  readonly buffer: SharedBuffer<T>;
  readonly deadlines: DeadlineRule;
  /** One context for every key: it is pointed at the partial match under test before each test. */
  readonly ctx: MatchContext<T>;
  readonly metrics: PatternMetrics;
  readonly out: MatcherOutput<T>;
  readonly maxPartialMatches: number;
  readonly onOverflow: 'fail' | 'dropOldest' | 'timeOut';
}
