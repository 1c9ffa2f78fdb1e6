import {
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireNonNegativeDuration,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Passes elements until `durationMs` has passed since the stream started, then completes and
 * cancels upstream.
 * - Emits when: upstream pushes before the time is up.
 * - Backpressures when: downstream backpressures.
 * - Completes when: the time is up, or upstream completes.
 * - Cancels when: the time is up, or downstream cancels.
 * @throws RangeError if `durationMs` is negative.
 * @see take, dropWithin, completionTimeout
 */
export function takeWithin<T>(durationMs: number): Flow<T, T, NotUsed> {
  requireNonNegativeDuration('takeWithin', 'durationMs', durationMs);
  return Flow.fromGraph(new TakeWithin<T>(durationMs));
}

class TakeWithin<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('takeWithin.in'), new Outlet<T>('takeWithin.out'));
  constructor(readonly durationMs: number) {
    super('takeWithin');
  }
  createLogic(): GraphStageLogic {
    return new TakeWithinLogic(this);
  }
}

class TakeWithinLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  constructor(private readonly stage: TakeWithin<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.scheduleOnce('end', this.stage.durationMs);
  }
  protected onTimer(): void {
    this.completeStage();
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Passes elements for `durationMs`, then completes; see {@link takeWithin}. */
    takeWithin(durationMs: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Passes elements for `durationMs`, then completes; see {@link takeWithin}. */
    takeWithin(durationMs: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('takeWithin', takeWithin);
