import {
  type Graph,
  GraphStageLogic,
  type InHandler,
  Keep,
  type Outlet,
  type OutHandler,
  Source,
  type SourceShape,
  SubSinkInlet,
} from '../../core/index.js';
import type { Deferred } from '../Deferred.js';
import { NeverMaterializedError } from './NeverMaterializedError.js';

/**
 * @internal The logic of a source stage that creates its inner source later (`lazySource`,
 * `futureSource`, `lazyFutureSource`) and then emits what that source emits: it runs the inner
 * source into a sub-inlet whose handler it is, settles the materialized-value promise with the inner
 * source's materialized value, forwards the inner source's elements, completion and failure, and
 * rejects the promise with `NeverMaterializedError` (`... the stream ended before <endedBefore>`)
 * if it stops before the inner source ran. The operator decides in `onPull` (and `preStart`) when
 * to create the inner source.
 */
export abstract class InnerSourceLogic<T, M>
  extends GraphStageLogic
  implements OutHandler, InHandler
{
  protected inner: SubSinkInlet<T> | undefined = undefined;
  protected readonly out: Outlet<T>;
  constructor(
    shape: SourceShape<T>,
    protected readonly mat: Deferred<M>,
    private readonly endedBefore: string,
  ) {
    super(shape);
    this.out = shape.out;
    this.setHandler(this.out, this);
  }
  /** Creates the sub-inlet, named `name`, that the inner source will feed; this logic handles it. */
  protected newInner(name: string): SubSinkInlet<T> {
    const inner = new SubSinkInlet<T>(this, name);
    inner.setHandler(this);
    this.inner = inner;
    return inner;
  }
  /** Runs `source` into `inner` and resolves the promise with its materialized value. */
  protected runInner(source: Graph<SourceShape<T>, M>, inner: SubSinkInlet<T>): void {
    this.mat.resolve(Source.fromGraph(source).toMat(inner.sink, Keep.left).run(this.materializer));
  }
  abstract onPull(): void;
  // The inner source's signals, through the sub-inlet.
  onPush(): void {
    this.push(this.out, (this.inner as SubSinkInlet<T>).grab()); // set before the inner runs
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
        `${this.label}: cannot materialize the inner source: the stream ended before ${this.endedBefore}`,
      ),
    );
  }
}
