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

class DropWithin<T> extends TimedPassThroughStage<T> {
  constructor(durationMs: number) {
    super('dropWithin', durationMs);
  }
  createLogic(): GraphStageLogic {
    return new DropWithinLogic(this);
  }
}

class DropWithinLogic<T> extends TimedPassThroughLogic<T> {
  private isDropping = true;
  override preStart(): void {
    if (this.stage.durationMs > 0) this.scheduleOnce('end', this.stage.durationMs);
    else this.isDropping = false;
  }
  protected onTimer(): void {
    this.isDropping = false;
  }
  override onPush(): void {
    const element = this.grab(this.in);
    if (this.isDropping) this.pull(this.in);
    else this.push(this.out, element);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Drops elements for `durationMs`; see {@link dropWithin}. */
    dropWithin(durationMs: number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('dropWithin', dropWithin);
