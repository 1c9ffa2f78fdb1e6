import type { RuleMatchContent } from './RuleMatch.js';

/**
 * A partial match of a rule of `CEP.dynamic` sent to the `timedOut` side output: it ran past
 * `within`, was evicted by the `'timeOut'` bound policy, or its rule was swapped or removed with
 * the `'timeOut'` policy. The steps it reached hold their events; the others are `undefined` (or
 * empty arrays for loops).
 */
export class TimedOutRuleMatch<T, K> {
  constructor(
    /** The rule it belonged to. */
    readonly ruleId: string,
    /** The version of the rule it ran on. */
    readonly version: number,
    /** Its key (`undefined` without `keyBy`). */
    readonly key: K,
    /** What it had matched. */
    readonly match: RuleMatchContent<T>,
    /**
     * When it timed out: its deadline for `within`; for a rule change, the clock's time (in event
     * time, the watermark's).
     */
    readonly timestamp: number,
  ) {}
}
