import {
  GraphStage,
  GraphStageLogic,
  type NotUsed,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
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
  return Source.fromGraph(new Empty<T>(error, true));
}

class Empty<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('empty.out'));
  constructor(
    readonly error?: unknown,
    readonly isFailure = false,
  ) {
    super(isFailure ? 'failed' : 'empty');
  }
  createLogic(): GraphStageLogic {
    return new EmptyLogic(this);
  }
}

class EmptyLogic<T> extends GraphStageLogic implements OutHandler {
  constructor(private readonly stage: Empty<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
  }
  override preStart(): void {
    if (this.stage.isFailure) this.failStage(this.stage.error);
    else this.completeStage();
  }
  onPull(): void {
    // Never pulled: the stage closes its outlet in preStart.
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
