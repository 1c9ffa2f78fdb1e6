import {
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  Outlet,
  type OutHandler,
  Source,
  SourceShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSourceFactory } from '../fluent.js';

/**
 * A source that materializes a {@link Deferred}: resolving it with a value emits that value and
 * completes; resolving it with `undefined` completes without emitting; rejecting it fails the
 * stream. If downstream cancels first, the deferred is resolved with `undefined`.
 * - Emits when: the deferred was resolved with a value and downstream pulls.
 * - Completes when: the value was emitted, or the deferred was resolved with `undefined`.
 * @example
 * ```ts
 * const [promise, result] = Source.maybe<number>().toMat(Sink.seq(), Keep.both).run();
 * promise.resolve(42); // result: [42]
 * ```
 * @see fromPromise, never
 */
export function maybe<T>(): Source<T, Deferred<T | undefined>> {
  return Source.fromGraph(new Maybe<T>());
}

class Maybe<T> extends GraphStageWithMaterializedValue<SourceShape<T>, Deferred<T | undefined>> {
  readonly shape = new SourceShape(new Outlet<T>('maybe.out'));
  constructor() {
    super('maybe');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Deferred<T | undefined>] {
    const deferred = new Deferred<T | undefined>();
    return [new MaybeLogic(this, deferred), deferred];
  }
}

class MaybeLogic<T> extends GraphStageLogic implements OutHandler {
  private readonly onValue: AsyncCallback<T | undefined>;
  private readonly onFailure: AsyncCallback<unknown>;
  constructor(
    private readonly stage: Maybe<T>,
    private readonly deferred: Deferred<T | undefined>,
  ) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
    this.onValue = this.getAsyncCallback((value) => {
      if (value === undefined || value === null) this.completeStage();
      else
        this.emit(this.stage.shape.out, value, () => {
          this.completeStage();
        });
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.failStage(error);
    });
  }
  override preStart(): void {
    this.deferred.promise.then(
      (value) => {
        this.onValue.invoke(value);
      },
      (error: unknown) => {
        this.onFailure.invoke(error);
      },
    );
  }
  onPull(): void {
    // The element is emitted when the deferred is resolved.
  }
  override postStop(): void {
    this.deferred.resolve(undefined);
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** A source completed from outside through its materialized deferred; see {@link maybe}. */
    function maybe<T>(): Source<T, Deferred<T | undefined>>;
  }
}
addSourceFactory('maybe', maybe);
