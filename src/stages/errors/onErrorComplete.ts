import {
  Flow,
  type GraphStageLogic,
  type NotUsed,
  requireFunction,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { FailureHandlingLogic, FailureHandlingStage } from './FailureHandlingStage.js';

const always = (): boolean => true;

/**
 * Turns an upstream failure that `predicate` accepts (every failure by default) into completion.
 * A failure the predicate rejects fails the stream; when `predicate` throws, the stream fails with
 * what it threw.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes, or upstream fails with an error `predicate` accepts.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `predicate` is given and is not a function.
 * @see recover, onErrorResume
 */
export function onErrorComplete<T>(
  predicate: (error: unknown) => boolean = always,
): Flow<T, T, NotUsed> {
  requireFunction('onErrorComplete', 'predicate', predicate);
  return Flow.fromGraph(new OnErrorComplete<T>(predicate));
}

class OnErrorComplete<T> extends FailureHandlingStage<T> {
  constructor(readonly predicate: (error: unknown) => boolean) {
    super('onErrorComplete');
  }
  createLogic(): GraphStageLogic {
    return new OnErrorCompleteLogic(this);
  }
}

class OnErrorCompleteLogic<T> extends FailureHandlingLogic<T, OnErrorComplete<T>> {
  onUpstreamFailure(error: unknown): void {
    if (this.stage.predicate(error)) this.completeStage();
    else this.failStage(error);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Completes instead of failing on an accepted error; see {@link onErrorComplete}. */
    onErrorComplete(predicate?: (error: unknown) => boolean): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('onErrorComplete', onErrorComplete);
