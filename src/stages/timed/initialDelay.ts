import {
  Flow,
  type GraphStageLogic,
  type NotUsed,
  requireNonNegativeDuration,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { TimedPassThroughLogic, TimedPassThroughStage } from './TimedPassThrough.js';

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

class InitialDelay<T> extends TimedPassThroughStage<T> {
  constructor(delayMs: number) {
    super('initialDelay', delayMs);
  }
  createLogic(): GraphStageLogic {
    return new InitialDelayLogic(this);
  }
}

class InitialDelayLogic<T> extends TimedPassThroughLogic<T> {
  private isOpen = false;
  override preStart(): void {
    this.scheduleOnce('open', this.stage.durationMs);
  }
  protected onTimer(): void {
    this.isOpen = true;
    if (this.isAvailable(this.out)) this.pull(this.in);
  }
  override onPull(): void {
    if (this.isOpen) this.pull(this.in);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Starts pulling only after `delayMs`; see {@link initialDelay}. */
    initialDelay(delayMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('initialDelay', initialDelay);
