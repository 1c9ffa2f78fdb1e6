import {
  FusableSource,
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
  type SourceStep,
  type StepSink,
} from '../../core/index.js';
import { addSourceFactory } from '../fluent.js';

/**
 * Completes at once without emitting.
 * - Completes when: materialized.
 */
export function empty<T>(): Source<T, NotUsed> {
  return Source.fromGraph(new Empty<T>());
}

/**
 * Fails at once with `error`.
 * - Completes when: never; fails when materialized.
 */
export function failed<T>(error: unknown): Source<T, NotUsed> {
  return Source.fromGraph(new Failed<T>(error));
}

// A fusable source, so `flatMapConcat((x) => (keep(x) ? Source.single(x) : Source.empty()))`
// runs its inner sources as steps.
class Empty<T> extends FusableSource<T> {
  readonly shape = new SourceShape(new Outlet<T>('empty.out'));
  constructor() {
    super('empty');
  }
  createSourceStep(downstream: StepSink<T>): SourceStep {
    return new EmptyStep(downstream);
  }
}

class EmptyStep<T> implements SourceStep {
  constructor(private readonly downstream: StepSink<T>) {}
  onStart(): void {
    this.downstream.onComplete();
  }
  produce(): void {
    this.downstream.onComplete(); // never asked: the chain ended at start
  }
}

class Failed<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('failed.out'));
  constructor(readonly error: unknown) {
    super('failed');
  }
  createLogic(): GraphStageLogic {
    return new FailedLogic(this);
  }
}

class FailedLogic<T> extends GraphStageLogic implements OutHandler {
  constructor(private readonly stage: Failed<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  override preStart(): void {
    this.failStage(this.stage.error);
  }
  onPull(): void {
    // Never pulled: the stage fails its outlet in preStart.
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** Completes at once; see {@link empty}. */
    function empty<T>(): Source<T, NotUsed>;
    /** Fails at once with `error`; see {@link failed}. */
    function failed<T>(error: unknown): Source<T, NotUsed>;
  }
}
addSourceFactory('empty', empty);
addSourceFactory('failed', failed);
