import type { AsyncCallback, Cancellable, StepContext } from '../../core/index.js';
import type { WatermarkGenerator } from '../watermark/WatermarkGenerator.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';

/** @internal The timer kinds a window step hears of. */
export const periodicTimer = 0;
export const processingTimer = 1;
export const idleTimer = 2;

/**
 * @internal The clock timers of a window step: the periodic watermark timer, and one timer for
 * the earliest processing-time window, both on the materializer's clock and delivered to the step
 * through its async callback.
 */
export class WindowClock {
  private periodic: Cancellable | undefined = undefined;
  private processing: Cancellable | undefined = undefined;
  private processingAt = Number.MAX_SAFE_INTEGER;
  private idle: Cancellable | undefined = undefined;
  constructor(
    private readonly context: StepContext,
    private readonly callback: AsyncCallback<number>,
  ) {}

  /** The clock of a step whose `onClock` hears the timer kinds, through an async callback. */
  static forStep(context: StepContext, onClock: (kind: number) => void): WindowClock {
    return new WindowClock(context, context.logic.getAsyncCallback(onClock));
  }

  /**
   * Makes the strategy's generator for this materialization and, in event time with a periodic
   * interval, starts its timer; window and pattern steps call it from `onStart`.
   */
  startWatermarks<T>(
    strategy: WatermarkStrategy<T> | undefined,
    isEventTime: boolean,
  ): WatermarkGenerator<T> | undefined {
    const clock = this.context.materializer.clock;
    const generator = strategy?.createGenerator({ now: () => clock.now() });
    if (isEventTime && strategy !== undefined && strategy.intervalMs > 0) {
      this.schedulePeriodic(strategy.intervalMs);
    }
    return generator;
  }

  schedulePeriodic(intervalMs: number): void {
    const callback = this.callback;
    this.periodic = this.context.materializer.clock.schedule(intervalMs, () => {
      callback.invoke(periodicTimer);
    });
  }

  /** Makes sure a timer fires by `at`: re-arms only for an earlier time. */
  armProcessing(at: number): void {
    if (at >= this.processingAt) return;
    this.processing?.cancel();
    const clock = this.context.materializer.clock;
    const callback = this.callback;
    this.processingAt = at;
    this.processing = clock.schedule(at - clock.now(), () => {
      callback.invoke(processingTimer);
    });
  }

  /** Makes sure the idle check runs at `at` or earlier: arms only when none is pending. */
  armIdle(at: number): void {
    if (this.idle !== undefined) return;
    const clock = this.context.materializer.clock;
    const callback = this.callback;
    this.idle = clock.schedule(Math.max(0, at - clock.now()), () => {
      this.idle = undefined;
      callback.invoke(idleTimer);
    });
  }

  processingFired(): void {
    this.processing = undefined;
    this.processingAt = Number.MAX_SAFE_INTEGER;
  }

  stop(): void {
    this.periodic?.cancel();
    this.periodic = undefined;
    this.processing?.cancel();
    this.processing = undefined;
    this.processingAt = Number.MAX_SAFE_INTEGER;
    this.idle?.cancel();
    this.idle = undefined;
  }
}
