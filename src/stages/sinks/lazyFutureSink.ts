import {
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type Graph,
  type InHandler,
  Inlet,
  Keep,
  type OutHandler,
  requireFunction,
  Sink,
  SinkShape,
  SubSourceOutlet,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSinkFactory } from '../fluent.js';
import { NeverMaterializedError } from '../sources/lazySource.js';

/** What a lazy sink's factory may return: a sink, or a promise of one. */
export type SinkOrPromise<T, M> = Graph<SinkShape<T>, M> | PromiseLike<Graph<SinkShape<T>, M>>;

/**
 * On the first element, calls `create` and, once the promise it returns resolves, materializes
 * that sink and feeds it this element and all later ones. Materializes a promise of the inner
 * sink's materialized value, rejected with `NeverMaterializedError` if the stream ends before the
 * first element, or with the factory's error if `create` throws or its promise rejects (which
 * also fails the stream).
 * - Backpressures when: the inner sink has not been created yet, or it backpressures.
 * - Completes when: upstream completes (the inner sink then completes), or the inner sink cancels.
 * - Cancels when: the inner sink cancels, or `create` fails.
 * @throws TypeError if `create` is not a function.
 * @see lazySink, futureSink
 */
export function lazyFutureSink<T, M>(
  create: () => PromiseLike<Graph<SinkShape<T>, M>>,
): Sink<T, Promise<M>> {
  requireFunction('Sink.lazyFutureSink', 'create', create);
  return Sink.fromGraph(new LazySinkStage<T, M>('lazyFutureSink', create));
}

/** @internal The stage behind lazySink, lazyFutureSink and futureSink. */
export class LazySinkStage<T, M> extends GraphStageWithMaterializedValue<SinkShape<T>, Promise<M>> {
  readonly shape: SinkShape<T>;
  constructor(
    name: string,
    readonly create: () => SinkOrPromise<T, M>,
  ) {
    super(name);
    this.shape = new SinkShape(new Inlet<T>(`${name}.in`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<M>] {
    const mat = new Deferred<M>();
    return [new LazySinkLogic(this, mat), mat.promise];
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

class LazySinkLogic<T, M> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private inner: SubSourceOutlet<T> | undefined = undefined;
  /** The first element, held until the inner sink pulls. */
  private pending: T | undefined = undefined;
  private hasPending = false;
  private upstreamDone = false;
  constructor(
    private readonly stage: LazySinkStage<T, M>,
    private readonly mat: Deferred<M>,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.setHandler(this.in, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.inner !== undefined) {
      this.inner.push(element);
      return;
    }
    this.pending = element;
    this.hasPending = true;
    // Stay alive while the sink is created, even if upstream completes meanwhile.
    this.setKeepGoing(true);
    let created: SinkOrPromise<T, M>;
    try {
      created = this.stage.create();
    } catch (error) {
      this.failWith(error);
      return;
    }
    if (isPromiseLike(created)) {
      const onSink = this.getAsyncCallback((sink: Graph<SinkShape<T>, M>) => {
        this.materializeInner(sink);
      });
      const onError = this.getAsyncCallback((error: unknown) => {
        this.failWith(error);
      });
      created.then(
        (sink) => {
          onSink.invoke(sink);
        },
        (error: unknown) => {
          onError.invoke(error);
        },
      );
    } else {
      this.materializeInner(created);
    }
  }
  private materializeInner(sink: Graph<SinkShape<T>, M>): void {
    const inner = new SubSourceOutlet<T>(this, `${this.label}.inner`);
    inner.setHandler(this);
    this.inner = inner;
    try {
      this.mat.resolve(inner.source.toMat(Sink.fromGraph(sink), Keep.right).run(this.materializer));
    } catch (error) {
      this.failWith(error);
    }
  }
  private failWith(error: unknown): void {
    this.mat.reject(error);
    this.failStage(error);
  }
  onUpstreamFinish(): void {
    this.upstreamDone = true;
    if (this.inner === undefined) {
      if (this.hasPending) return; // the sink is being created; complete once it pulled
      this.completeStage();
      return;
    }
    if (!this.hasPending) {
      this.inner.complete();
      this.completeStage();
    }
  }
  onUpstreamFailure(error: unknown): void {
    if (this.inner === undefined) {
      this.mat.reject(
        new NeverMaterializedError(
          `${this.label}: cannot materialize the inner sink: upstream failed before it was created`,
          { cause: error },
        ),
      );
    } else {
      this.inner.fail(error);
    }
    this.failStage(error);
  }
  // The inner sink's demand and cancellation, through the sub-outlet.
  onPull(): void {
    const inner = this.inner as SubSourceOutlet<T>; // set before the sub-stream runs
    if (this.hasPending) {
      const element = this.pending as T;
      this.pending = undefined;
      this.hasPending = false;
      inner.push(element);
      if (this.upstreamDone) {
        inner.complete();
        this.completeStage();
        return;
      }
      this.setKeepGoing(false);
      return;
    }
    if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in);
  }
  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause);
  }
  override postStop(): void {
    this.mat.reject(
      new NeverMaterializedError(
        `${this.label}: cannot materialize the inner sink: the stream ended before the first element`,
      ),
    );
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** A sink created from a promise on the first element; see {@link lazyFutureSink}. */
    function lazyFutureSink<T, M>(
      create: () => PromiseLike<Graph<SinkShape<T>, M>>,
    ): Sink<T, Promise<M>>;
  }
}
addSinkFactory('lazyFutureSink', lazyFutureSink);
