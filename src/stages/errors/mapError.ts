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
 * Replaces an upstream failure's error with `f(error)`; return the error itself to keep it.
 * Elements pass unchanged.
 * - Emits when: upstream pushes.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes; fails with `f(error)` when upstream fails.
 * - Cancels when: downstream cancels.
 * @throws TypeError if `f` is not a function.
 * @see recover
 */
export function mapError<T>(f: (error: unknown) => unknown): Flow<T, T, NotUsed> {
  requireFunction('mapError', 'f', f);
  return Flow.fromGraph(new MapError<T>(f));
}

class MapError<T> extends FailureHandlingStage<T> {
  constructor(readonly f: (error: unknown) => unknown) {
    super('mapError');
  }
  createLogic(): GraphStageLogic {
    return new MapErrorLogic(this);
  }
}

class MapErrorLogic<T> extends FailureHandlingLogic<T, MapError<T>> {
  onUpstreamFailure(error: unknown): void {
    // If f throws, the interpreter fails the stage with what it threw.
    this.failStage(this.stage.f(error));
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Replaces an upstream failure's error; see {@link mapError}. */
    mapError(f: (error: unknown) => unknown): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('mapError', mapError);
