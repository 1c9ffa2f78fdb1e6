/**
 * Live counters of a window operator: pass one as the `metrics` option and read it while the
 * stream runs (every materialization using it adds to the same counters).
 */
export class WindowMetrics {
  /** Windows holding state now, over all keys. */
  openWindows = 0;
  /** Keys holding at least one open window now. */
  keys = 0;
  /**
   * Keys holding no window whose entry is kept so that the key's next window can reuse its state:
   * dropped within two sweeps if the key does not return, so at most `2 * max(1024, keys)`.
   */
  emptyKeys = 0;
  /** Elements that arrived after every window they belong to had closed. */
  lateElements = 0;
  /** Results emitted, late firings included. */
  firings = 0;
  /** Windows emitted early and evicted because a bound on open windows was reached. */
  evictedWindows = 0;
  /** Windows fired and dropped early because their key, or the stream, went idle. */
  idleClosedWindows = 0;
}
