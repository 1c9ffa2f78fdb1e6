import {
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

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

class MapError<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('mapError.in'), new Outlet<T>('mapError.out'));
  constructor(readonly f: (error: unknown) => unknown) {
    super('mapError');
  }
  createLogic(): GraphStageLogic {
    return new MapErrorLogic(this);
  }
}

class MapErrorLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  constructor(private readonly stage: MapError<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    this.push(this.out, this.grab(this.in));
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFailure(error: unknown): void {
    // If f throws, the interpreter fails the stage with what it threw.
    this.failStage(this.stage.f(error));
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Replaces an upstream failure's error; see {@link mapError}. */
    mapError(f: (error: unknown) => unknown): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Replaces an upstream failure's error; see {@link mapError}. */
    mapError(f: (error: unknown) => unknown): Flow<In, Out, Mat>;
  }
}
addFlowOperator('mapError', mapError);
