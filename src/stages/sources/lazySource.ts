import {
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type Graph,
  type InHandler,
  Keep,
  Outlet,
  type OutHandler,
  requireFunction,
  Source,
  SourceShape,
  SubSinkInlet,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSourceFactory } from '../fluent.js';

/** A lazy stage was stopped before it created its inner stream, so it has no materialized value. */
export class NeverMaterializedError extends Error {
  override readonly name = 'NeverMaterializedError';
}

/**
 * Creates and materializes the source `create` returns only when downstream first pulls, then
 * emits its elements. Materializes a promise of the inner source's materialized value, rejected
 * with `NeverMaterializedError` if the stream ends before the first pull.
 * - Emits when: the inner source emits.
 * - Completes when: the inner source completes.
 * @throws TypeError if `create` is not a function.
 * @see maybe, unfoldResource
 */
export function lazySource<T, M>(create: () => Graph<SourceShape<T>, M>): Source<T, Promise<M>> {
  requireFunction('Source.lazySource', 'create', create);
  return Source.fromGraph(new LazySource(create));
}

class LazySource<T, M> extends GraphStageWithMaterializedValue<SourceShape<T>, Promise<M>> {
  readonly shape = new SourceShape(new Outlet<T>('lazySource.out'));
  constructor(readonly create: () => Graph<SourceShape<T>, M>) {
    super('lazySource');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<M>] {
    const mat = new Deferred<M>();
    return [new LazySourceLogic(this, mat), mat.promise];
  }
}

class LazySourceLogic<T, M> extends GraphStageLogic implements OutHandler, InHandler {
  private inner: SubSinkInlet<T> | undefined = undefined;
  private readonly out: Outlet<T>;
  constructor(
    private readonly stage: LazySource<T, M>,
    private readonly mat: Deferred<M>,
  ) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.setHandler(this.out, this);
  }
  onPull(): void {
    if (this.inner !== undefined) {
      this.inner.pull();
      return;
    }
    const inner = new SubSinkInlet<T>(this, 'lazySource.inner');
    inner.setHandler(this);
    this.inner = inner;
    try {
      const source = Source.fromGraph(this.stage.create());
      this.mat.resolve(source.toMat(inner.sink, Keep.left).run(this.materializer));
    } catch (error) {
      this.mat.reject(error);
      throw error;
    }
    inner.pull();
  }
  // The inner source's signals, through the sub-inlet.
  onPush(): void {
    this.push(this.out, (this.inner as SubSinkInlet<T>).grab()); // set before the first pull
  }
  onUpstreamFinish(): void {
    this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.failStage(error);
  }
  override postStop(): void {
    this.mat.reject(
      new NeverMaterializedError(
        `${this.label}: cannot materialize the inner source: the stream ended before the first pull`,
      ),
    );
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** A source created on the first pull; see {@link lazySource}. */
    function lazySource<T, M>(create: () => Graph<SourceShape<T>, M>): Source<T, Promise<M>>;
  }
}
addSourceFactory('lazySource', lazySource);
