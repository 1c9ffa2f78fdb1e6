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
 * Does not pull upstream until `delayMs` has passed since the stream started; then passes every
 * element through.
 * - Emits when: the delay has passed and upstream pushes.
 * - Backpressures when: the delay has not passed, or downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `delayMs` is negative.
 * @see delay, takeWithin
 */
export function initialDelay<T>(delayMs: number): Flow<T, T, NotUsed> {
  requireNonNegativeDuration('initialDelay', 'delayMs', delayMs);
  return Flow.fromGraph(new InitialDelay<T>(delayMs));
}

class InitialDelay<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(
    new Inlet<T>('initialDelay.in'),
    new Outlet<T>('initialDelay.out'),
  );
  constructor(readonly delayMs: number) {
    super('initialDelay');
  }
  createLogic(): GraphStageLogic {
    return new InitialDelayLogic(this);
  }
}

class InitialDelayLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private isOpen = false;
  constructor(private readonly stage: InitialDelay<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.scheduleOnce('open', this.stage.delayMs);
  }
  protected onTimer(): void {
    this.isOpen = true;
    if (this.isAvailable(this.out)) this.pull(this.in);
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onPull(): void {
    if (this.isOpen) this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Starts pulling only after `delayMs`; see {@link initialDelay}. */
    initialDelay(delayMs: number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Starts pulling only after `delayMs`; see {@link initialDelay}. */
    initialDelay(delayMs: number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('initialDelay', initialDelay);
