/** Where a {@link WatermarkGenerator} reports watermarks and idleness (Flink's `WatermarkOutput`). */
export interface WatermarkOutput {
  /** Reports a watermark; one at or below the current watermark is ignored. */
  emitWatermark(timestamp: number): void;
  /** The input has gone quiet: it no longer holds back a merged watermark. */
  markIdle(): void;
  /** The input carries elements again. */
  markActive(): void;
}

/**
 * Generates watermarks from the elements it sees (punctuated, in `onEvent`) or on a timer
 * (periodic, in `onPeriodicEmit`, called every `intervalMs` of the strategy on the materializer's
 * clock), as Flink's `WatermarkGenerator`.
 */
export interface WatermarkGenerator<T> {
  /** Called for every element with its event timestamp. */
  onEvent(event: T, timestamp: number, output: WatermarkOutput): void;
  /** Called periodically (and, with an interval of 0, after every element). */
  onPeriodicEmit(output: WatermarkOutput): void;
}

/** What a generator factory is given: the processing-time clock, for idleness detection. */
export interface WatermarkGeneratorContext {
  /** Processing time in milliseconds, on the materializer's clock. */
  now(): number;
}
