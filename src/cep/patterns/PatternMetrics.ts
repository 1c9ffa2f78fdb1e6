/**
 * Live counters of a pattern operator: pass one as the `metrics` option and read it while the
 * stream runs (every materialization using it adds to the same counters).
 */
export class PatternMetrics {
  /** Partial matches alive now, over all keys. */
  partialMatches = 0;
  /** Keys holding at least one partial match now (for `CEP.dynamic`, counted once per rule version). */
  keys = 0;
  /**
   * Keys kept without a partial match, so that a key coming back soon reuses its state: by a
   * strict loop-free pattern's slot table (swept in one batch when full: at most 32,768 or four
   * times the peak of {@link keys}), and by the other patterns' runners (swept when they outnumber
   * 16,384 and twice {@link keys}).
   */
  idleKeys = 0;
  /** Events held in the shared buffers now (each once, however many partial matches hold it). */
  bufferedEvents = 0;
  /** Nodes of the shared buffers now: one per event taken by a step of a partial match. */
  bufferNodes = 0;
  /** Matches emitted. */
  matches = 0;
  /**
   * Partial matches that timed out (past `within`), or were emitted as timed out by a bound or by
   * a rule change's `'timeOut'` policy.
   */
  timedOut = 0;
  /**
   * Partial matches dropped by the `'dropOldest'` bound policy, or by a rule swapped or removed
   * with the `'drop'` policy.
   */
  dropped = 0;
  /** Events that arrived behind the watermark. */
  lateEvents = 0;
  /**
   * Rule versions live now: one per running `CEP.pattern`; for `CEP.dynamic`, each rule's active
   * version plus the old versions still finishing their partial matches.
   */
  rules = 0;
}
