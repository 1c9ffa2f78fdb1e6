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

class TakeWithin<T> extends TimedPassThroughStage<T> {
  constructor(durationMs: number) {
    super('takeWithin', durationMs);
  }
  createLogic(): GraphStageLogic {
    return new TakeWithinLogic(this);
  }
}

class TakeWithinLogic<T> extends TimedPassThroughLogic<T> {
  override preStart(): void {
    this.scheduleOnce('end', this.stage.durationMs);
  }
  protected onTimer(): void {
    this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Passes elements for `durationMs`, then completes; see {@link takeWithin}. */
    takeWithin(durationMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('takeWithin', takeWithin);
