import {
  type GraphStageLogic,
  GraphStageWithMaterializedValue,
  type Graph,
  Outlet,
  requireFunction,
  Source,
  SourceShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSourceFactory } from '../fluent.js';
import { InnerSourceLogic } from './InnerSourceLogic.js';

/**
 * Calls `create` on the first pull and, once its promise resolves, materializes that source and
 * emits its elements. Materializes a promise of the inner source's materialized value, rejected
 * with `NeverMaterializedError` if the stream ends before the inner source ran, or with the error
 * `create` throws or its promise rejects with (which also fails the stream).
 * - Emits when: the inner source emits.
 * - Completes when: the inner source completes.
 * - Cancels when: downstream cancels (the inner source is cancelled too).
 * @throws TypeError if `create` is not a function.
 * @see futureSource, lazySource
 */
export function lazyFutureSource<T, M>(
  create: () => PromiseLike<Graph<SourceShape<T>, M>>,
): Source<T, Promise<M>> {
  requireFunction('Source.lazyFutureSource', 'create', create);
  return Source.fromGraph(new FutureSourceStage<T, M>('lazyFutureSource', create, true));
}

/** @internal The stage behind futureSource (eager) and lazyFutureSource (on the first pull). */
export class FutureSourceStage<T, M> extends GraphStageWithMaterializedValue<
  SourceShape<T>,
  Promise<M>
> {
  readonly shape: SourceShape<T>;
  constructor(
    name: string,
    readonly create: () => PromiseLike<Graph<SourceShape<T>, M>>,
    readonly lazy: boolean,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet<T>(`${name}.out`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<M>] {
    const mat = new Deferred<M>();
    return [new FutureSourceLogic(this, mat), mat.promise];
  }
}

class FutureSourceLogic<T, M> extends InnerSourceLogic<T, M> {
  private started = false;
  constructor(
    private readonly stage: FutureSourceStage<T, M>,
    mat: Deferred<M>,
  ) {
    super(stage.shape, mat, 'it was created');
  }
  override preStart(): void {
    if (!this.stage.lazy) this.start();
  }
  private start(): void {
    this.started = true;
    const onSource = this.getAsyncCallback((source: Graph<SourceShape<T>, M>) => {
      this.materializeInner(source);
    });
    const onError = this.getAsyncCallback((error: unknown) => {
      this.failWith(error);
    });
    let promise: PromiseLike<Graph<SourceShape<T>, M>>;
    try {
      promise = this.stage.create();
    } catch (error) {
      this.failWith(error);
      return;
    }
    Promise.resolve(promise).then(
      (source) => {
        onSource.invoke(source);
      },
      (error: unknown) => {
        onError.invoke(error);
      },
    );
  }
  private materializeInner(source: Graph<SourceShape<T>, M>): void {
    const inner = this.newInner(`${this.label}.inner`);
    try {
      this.runInner(source, inner);
    } catch (error) {
      this.failWith(error);
      return;
    }
    if (this.isAvailable(this.out)) inner.pull();
  }
  private failWith(error: unknown): void {
    this.mat.reject(error);
    this.failStage(error);
  }
  onPull(): void {
    if (this.inner !== undefined) this.inner.pull();
    else if (!this.started) this.start();
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** A source from a promise created on the first pull; see {@link lazyFutureSource}. */
    function lazyFutureSource<T, M>(
      create: () => PromiseLike<Graph<SourceShape<T>, M>>,
    ): Source<T, Promise<M>>;
  }
}
addSourceFactory('lazyFutureSource', lazyFutureSource);
