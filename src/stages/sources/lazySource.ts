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

export { NeverMaterializedError } from './NeverMaterializedError.js';

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

class LazySourceLogic<T, M> extends InnerSourceLogic<T, M> {
  constructor(
    private readonly stage: LazySource<T, M>,
    mat: Deferred<M>,
  ) {
    super(stage.shape, mat, 'the first pull');
  }
  onPull(): void {
    if (this.inner !== undefined) {
      this.inner.pull();
      return;
    }
    const inner = this.newInner('lazySource.inner');
    try {
      this.runInner(this.stage.create(), inner);
    } catch (error) {
      this.mat.reject(error);
      throw error;
    }
    inner.pull();
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
