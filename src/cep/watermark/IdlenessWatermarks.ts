import type {
  WatermarkGenerator,
  WatermarkGeneratorContext,
  WatermarkOutput,
} from './WatermarkGenerator.js';

/**
 * Wraps a generator and marks the input idle once no element arrived for `idleTimeoutMs` of
 * processing time (Flink's `WatermarksWithIdleness`); the next element makes it active again.
 */
export class IdlenessWatermarks<T> implements WatermarkGenerator<T> {
  private lastEventAt: number;
  private isIdle = false;
  constructor(
    private readonly inner: WatermarkGenerator<T>,
    private readonly idleTimeoutMs: number,
    private readonly context: WatermarkGeneratorContext,
  ) {
    this.lastEventAt = context.now();
  }
  onEvent(event: T, timestamp: number, output: WatermarkOutput): void {
    this.lastEventAt = this.context.now();
    if (this.isIdle) {
      this.isIdle = false;
      output.markActive();
    }
    this.inner.onEvent(event, timestamp, output);
  }
  onPeriodicEmit(output: WatermarkOutput): void {
    if (this.isIdle) return;
    if (this.context.now() - this.lastEventAt >= this.idleTimeoutMs) {
      this.isIdle = true;
      output.markIdle();
      return;
    }
    this.inner.onPeriodicEmit(output);
  }
}
