/** A window of event (or processing) time, `[start, end)` in milliseconds, as Flink's `TimeWindow`. */
export interface TimeWindow {
  /** First millisecond in the window. */
  readonly start: number;
  /** First millisecond after the window. */
  readonly end: number;
}

/** What a window operator emits: the key, the window and the value computed over it. */
export interface WindowResult<K, R> {
  /** The key from `keyBy`; `undefined` for a non-keyed window. */
  readonly key: K;
  readonly window: TimeWindow;
  readonly value: R;
}
