import type { WatermarkGenerator, WatermarkOutput } from './WatermarkGenerator.js';

/**
 * Tracks the highest timestamp seen and, periodically, emits it minus the bound minus 1 (Flink's
 * `BoundedOutOfOrdernessWatermarks`): an element up to `outOfOrdernessMs` behind the newest one is
 * still on time.
 */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private maxTimestamp: number;
  constructor(private readonly outOfOrdernessMs: number) {
    // Start low enough that the first watermark, before any element, is below every timestamp.
    this.maxTimestamp = Number.MIN_SAFE_INTEGER + outOfOrdernessMs + 1;
  }
  onEvent(_event: T, timestamp: number): void {
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }
  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.outOfOrdernessMs - 1);
  }
}
