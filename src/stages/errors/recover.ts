import {
  Flow,
  type GraphStageLogic,
  type NotUsed,
  requireFunction,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { FailureHandlingLogic, FailureHandlingStage } from './FailureHandlingStage.js';

/**
 * Turns an upstream failure into one last element: `f(error)` is emitted and the stream
 * completes. When `f` returns `undefined` the error is not handled and the stream fails with it
 * (Akka's partial function); when `f` throws, the stream fails with what it threw.
 * - Emits when: upstream pushes, or upstream failed and `f` returned an element.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes, or upstream failed and the recovered element went out.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `f` is not a function.
 * @see recoverWithRetries, mapError
 */
export function recover<T>(f: (error: unknown) => T | undefined): Flow<T, T, NotUsed> {
  requireFunction('recover', 'f', f);
  return Flow.fromGraph(new Recover(f));
}

class Recover<T> extends FailureHandlingStage<T> {
  constructor(readonly f: (error: unknown) => T | undefined) {
    super('recover');
  }
  createLogic(): GraphStageLogic {
    return new RecoverLogic(this);
  }
}

class RecoverLogic<T> extends FailureHandlingLogic<T, Recover<T>> {
  onUpstreamFailure(error: unknown): void {
    const element = this.stage.f(error);
    if (element === undefined || element === null) {
      this.failStage(error);
      return;
    }
    this.emit(this.out, element);
    this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Turns an upstream failure into one last element; see {@link recover}. */
    recover(f: (error: unknown) => Out | undefined): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('recover', recover);
