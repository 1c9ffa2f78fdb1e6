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
 * Drops the elements that arrive before `durationMs` has passed since the stream started, then
 * passes the rest.
 * - Emits when: the time is up and upstream pushes.
 * - Backpressures when: the time is up and downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `durationMs` is negative.
 * @see drop, takeWithin
 */
export function dropWithin<T>(durationMs: number): Flow<T, T, NotUsed> {
  requireNonNegativeDuration('dropWithin', 'durationMs', durationMs);
  return Flow.fromGraph(new DropWithin<T>(durationMs));
}

class DropWithin<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('dropWithin.in'), new Outlet<T>('dropWithin.out'));
  constructor(readonly durationMs: number) {
    super('dropWithin');
  }
  createLogic(): GraphStageLogic {
    return new DropWithinLogic(this);
  }
}

class DropWithinLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private isDropping = true;
  constructor(private readonly stage: DropWithin<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    if (this.stage.durationMs > 0) this.scheduleOnce('end', this.stage.durationMs);
    else this.isDropping = false;
  }
  protected onTimer(): void {
    this.isDropping = false;
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.isDropping) this.pull(this.in);
    else this.push(this.out, element);
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Drops elements for `durationMs`; see {@link dropWithin}. */
    dropWithin(durationMs: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Drops elements for `durationMs`; see {@link dropWithin}. */
    dropWithin(durationMs: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('dropWithin', dropWithin);
