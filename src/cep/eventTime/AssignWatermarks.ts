import {
  type AsyncCallback,
  type Cancellable,
  type ExpansionState,
  FlowShape,
  FusableFlow,
  Inlet,
  Outlet,
  type StepContext,
  type StepExpansion,
  type StepSink,
} from '../../core/index.js';
import { badTimestamp } from '../watermark/badTimestamp.js';
import { Watermark } from '../watermark/Watermark.js';
import type { WatermarkGenerator, WatermarkOutput } from '../watermark/WatermarkGenerator.js';
import type { WatermarkStrategy } from '../watermark/WatermarkStrategy.js';

/**
 * @internal The stage of `EventTime.assignTimestampsAndWatermarks`: elements pass through, and a
 * {@link Watermark} follows an element (or a periodic tick) whenever the watermark advanced.
 */
export class AssignWatermarks<T> extends FusableFlow<T, T | Watermark> {
  readonly shape = new FlowShape(
    new Inlet<T>('assignTimestampsAndWatermarks.in'),
    new Outlet<T | Watermark>('assignTimestampsAndWatermarks.out'),
  );
  constructor(
    readonly timestamp: (element: T) => number,
    readonly strategy: WatermarkStrategy<T>,
  ) {
    super('assignTimestampsAndWatermarks');
  }
  createStep(downstream: StepSink<T | Watermark>, context: StepContext): StepSink<T> {
    return new AssignWatermarksStep(this, downstream, context);
  }
}

class AssignWatermarksStep<T> implements StepSink<T>, StepExpansion, WatermarkOutput {
  private generator: WatermarkGenerator<T> | undefined = undefined;
  /** The last watermark sent on, and the newest one the generator reported. */
  private sent = Number.MIN_SAFE_INTEGER;
  private current = Number.MIN_SAFE_INTEGER;
  private isIdle = false;
  private sentIdle = false;
  private isExpanding = false;
  private isUpstreamDone = false;
  private timer: Cancellable | undefined = undefined;
  private readonly tick: AsyncCallback<undefined>;
  constructor(
    private readonly stage: AssignWatermarks<T>,
    private readonly downstream: StepSink<T | Watermark>,
    private readonly context: StepContext,
  ) {
    this.tick = context.logic.getAsyncCallback(() => {
      this.onTick();
    });
  }
  onStart(): void {
    const clock = this.context.materializer.clock;
    this.generator = this.stage.strategy.createGenerator({ now: () => clock.now() });
    this.schedule();
  }
  onElement(element: T): void {
    const timestamp = this.stage.timestamp(element);
    if (!Number.isFinite(timestamp)) throw badTimestamp(this.context.label, timestamp);
    const generator = this.generator as WatermarkGenerator<T>; // created in onStart
    generator.onEvent(element, timestamp, this);
    if (this.stage.strategy.intervalMs === 0) generator.onPeriodicEmit(this);
    this.downstream.onElement(element);
    if (this.hasNews()) this.startEmitting();
  }
  onComplete(): void {
    this.isUpstreamDone = true;
    this.timer?.cancel();
    this.downstream.onComplete();
  }
  onStop(): void {
    this.timer?.cancel();
  }
  produce(max: number): ExpansionState {
    this.isExpanding = false;
    if (max > 0 && this.hasNews()) {
      if (this.isIdle) {
        this.sentIdle = true;
        this.downstream.onElement(new Watermark(this.sent, true));
      } else {
        this.sent = this.current;
        this.sentIdle = false;
        this.downstream.onElement(new Watermark(this.current));
      }
    } else if (this.hasNews()) {
      this.isExpanding = true;
      return 'more';
    }
    if (this.isUpstreamDone) this.downstream.onComplete();
    return 'done';
  }
  emitWatermark(timestamp: number): void {
    if (timestamp > this.current) this.current = timestamp;
  }
  markIdle(): void {
    this.isIdle = true;
  }
  markActive(): void {
    this.isIdle = false;
  }
  private hasNews(): boolean {
    return this.isIdle ? !this.sentIdle : this.current > this.sent || this.sentIdle;
  }
  private startEmitting(): void {
    if (this.isExpanding) return;
    this.isExpanding = true;
    this.context.expand(this);
  }
  private schedule(): void {
    const intervalMs = this.stage.strategy.intervalMs;
    if (intervalMs === 0) return;
    const tick = this.tick;
    this.timer = this.context.materializer.clock.schedule(intervalMs, () => {
      tick.invoke(undefined);
    });
  }
  private onTick(): void {
    if (this.isUpstreamDone) return;
    (this.generator as WatermarkGenerator<T>).onPeriodicEmit(this); // created in onStart
    this.schedule();
    if (this.hasNews()) {
      this.startEmitting();
      this.context.wake();
    }
  }
}
