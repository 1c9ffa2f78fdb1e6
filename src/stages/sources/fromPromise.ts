import {
  type AsyncCallback,
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
 * Emits the value a promise resolves to, then completes; fails if it rejects. The promise (or the
 * function making it) is awaited once per materialization.
 * - Emits when: the promise resolved and downstream pulls.
 * - Completes when: the value was emitted.
 */
export function fromPromise<T>(
  promise: PromiseLike<T> | (() => PromiseLike<T>),
): Source<T, NotUsed> {
  return Source.fromGraph(new FromPromise(promise));
}

class FromPromise<T> extends GraphStage<SourceShape<T>> {
  readonly shape = new SourceShape(new Outlet<T>('fromPromise.out'));
  constructor(readonly promise: PromiseLike<T> | (() => PromiseLike<T>)) {
    super('fromPromise');
  }
  createLogic(): GraphStageLogic {
    return new FromPromiseLogic(this);
  }
}

class FromPromiseLogic<T> extends GraphStageLogic implements OutHandler {
  private readonly onResult: AsyncCallback<{ ok: boolean; value: unknown }>;
  constructor(private readonly stage: FromPromise<T>) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
    this.onResult = this.getAsyncCallback((result) => {
      if (!result.ok) this.failStage(result.value);
      else
        this.emit(this.stage.shape.out, result.value as T, () => {
          this.completeStage();
        });
    });
  }
  override preStart(): void {
    const source = this.stage.promise;
    const promise = typeof source === 'function' ? source() : source;
    Promise.resolve(promise).then(
      (value) => {
        this.onResult.invoke({ ok: true, value });
      },
      (error: unknown) => {
        this.onResult.invoke({ ok: false, value: error });
      },
    );
  }
  onPull(): void {
    // The element is emitted when the promise settles.
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** The value of a promise; see {@link fromPromise}. */
    function fromPromise<T>(promise: PromiseLike<T> | (() => PromiseLike<T>)): Source<T, NotUsed>;
    /** Pekko's name for {@link fromPromise}: the value of a promise. */
    function future<T>(promise: PromiseLike<T> | (() => PromiseLike<T>)): Source<T, NotUsed>;
  }
}
addSourceFactory('fromPromise', fromPromise);
addSourceFactory('future', fromPromise);
