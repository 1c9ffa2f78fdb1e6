/**
 * A partial match that ran past `within` (or was evicted by the `'timeOut'` bound policy), as the
 * `timedOut` side output receives it: the steps it reached hold their events, the others are
 * `undefined` (or empty arrays for loops).
 */
export class TimedOutMatch<M, K> {
  constructor(
    /** The key it belonged to (`undefined` without `keyBy`). */
    readonly key: K,
    /** What it had matched. */
    readonly match: Partial<M>,
    /** When it timed out: its first (or, with `'previousAndCurrent'`, last) timestamp plus `within`. */
    readonly timestamp: number,
  ) {}
}
