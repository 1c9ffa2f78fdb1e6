import {
  Flow,
  FlowShape,
  type Graph,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  Keep,
  Outlet,
  type OutHandler,
  requireFunction,
  SubSinkInlet,
  SubSourceOutlet,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addFlowFactory } from '../fluent.js';
import { NeverMaterializedError } from '../sources/lazySource.js';

/** What a lazy flow's factory may return: a flow, or a promise of one. */
export type FlowOrPromise<In, Out, M> =
  Graph<FlowShape<In, Out>, M> | PromiseLike<Graph<FlowShape<In, Out>, M>>;

/**
 * On the first element (pulled when downstream first pulls), calls `create` and, once its promise
 * resolves, materializes that flow and runs this element and all later ones through it.
 * Materializes a promise of the inner flow's materialized value. If upstream completes before the
 * first element, the flow completes without creating the inner flow and the promise rejects with
 * `NeverMaterializedError`; if `create` throws or its promise rejects, the stream fails with that
 * error and so does the promise.
 * - Emits when: the inner flow emits.
 * - Backpressures when: the inner flow is being created, or it backpressures.
 * - Completes when: the inner flow completes.
 * - Cancels when: downstream cancels, or the inner flow cancels its input.
 * @throws TypeError if `create` is not a function.
 * @see lazyFlow, futureFlow
 */
export function lazyFutureFlow<In, Out, M>(
  create: () => PromiseLike<Graph<FlowShape<In, Out>, M>>,
): Flow<In, Out, Promise<M>> {
  requireFunction('Flow.lazyFutureFlow', 'create', create);
  return Flow.fromGraph(new LazyFlowStage<In, Out, M>('lazyFutureFlow', create));
}

/** @internal The stage behind lazyFlow, lazyFutureFlow and futureFlow. */
export class LazyFlowStage<In, Out, M> extends GraphStageWithMaterializedValue<
  FlowShape<In, Out>,
  Promise<M>
> {
  readonly shape: FlowShape<In, Out>;
  constructor(
    name: string,
    readonly create: () => FlowOrPromise<In, Out, M>,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<In>(`${name}.in`), new Outlet<Out>(`${name}.out`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Promise<M>] {
    const mat = new Deferred<M>();
    return [new LazyFlowLogic(this, mat), mat.promise];
  }
}

function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

class LazyFlowLogic<In, Out, M> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  private toInner: SubSourceOutlet<In> | undefined = undefined;
  private fromInner: SubSinkInlet<Out> | undefined = undefined;
  private pending: In | undefined = undefined;
  private hasPending = false;
  private upstreamDone = false;
  constructor(
    private readonly stage: LazyFlowStage<In, Out, M>,
    private readonly mat: Deferred<M>,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  // Upstream, before and after the inner flow exists.
  onPush(): void {
    const element = this.grab(this.in);
    if (this.toInner !== undefined) {
      this.toInner.push(element);
      return;
    }
    this.pending = element;
    this.hasPending = true;
    let created: FlowOrPromise<In, Out, M>;
    try {
      created = this.stage.create();
    } catch (error) {
      this.failWith(error);
      return;
    }
    if (isPromiseLike(created)) {
      const onFlow = this.getAsyncCallback((flow: Graph<FlowShape<In, Out>, M>) => {
        this.materializeInner(flow);
      });
      const onError = this.getAsyncCallback((error: unknown) => {
        this.failWith(error);
      });
      created.then(
        (flow) => {
          onFlow.invoke(flow);
        },
        (error: unknown) => {
          onError.invoke(error);
        },
      );
    } else {
      this.materializeInner(created);
    }
  }
  onUpstreamFinish(): void {
    this.upstreamDone = true;
    if (this.toInner !== undefined) {
      if (!this.hasPending) this.toInner.complete();
    } else if (!this.hasPending) {
      this.completeStage(); // never materialized: postStop rejects the promise
    }
  }
  onUpstreamFailure(error: unknown): void {
    if (this.toInner !== undefined) {
      this.toInner.fail(error); // the inner flow decides (it may recover)
      return;
    }
    this.mat.reject(
      new NeverMaterializedError(
        `${this.label}: cannot materialize the inner flow: upstream failed before it was created`,
        { cause: error },
      ),
    );
    this.failStage(error);
  }
  // Downstream.
  onPull(): void {
    const fromInner = this.fromInner;
    if (fromInner !== undefined) {
      if (!fromInner.isClosed() && !fromInner.hasBeenPulled()) fromInner.pull();
    } else if (!this.hasPending && !this.isClosed(this.in) && !this.hasBeenPulled(this.in)) {
      this.pull(this.in);
    }
  }
  onDownstreamFinish(cause: unknown): void {
    this.toInner?.complete();
    this.cancelStage(cause);
  }

  private materializeInner(flow: Graph<FlowShape<In, Out>, M>): void {
    const toInner = new SubSourceOutlet<In>(this, `${this.label}.toInner`);
    const fromInner = new SubSinkInlet<Out>(this, `${this.label}.fromInner`);
    toInner.setHandler(new ToInnerHandler(this));
    fromInner.setHandler(new FromInnerHandler(this));
    this.toInner = toInner;
    this.fromInner = fromInner;
    try {
      this.mat.resolve(
        toInner.source
          .viaMat(Flow.fromGraph(flow), Keep.right)
          .toMat(fromInner.sink, Keep.left)
          .run(this.materializer),
      );
    } catch (error) {
      this.failWith(error);
      return;
    }
    if (this.isAvailable(this.out)) fromInner.pull();
  }
  private failWith(error: unknown): void {
    this.mat.reject(error);
    this.failStage(error);
  }
  override postStop(): void {
    this.mat.reject(
      new NeverMaterializedError(
        `${this.label}: cannot materialize the inner flow: the stream ended before the first element`,
      ),
    );
  }

  /** The inner flow asks for an element. */
  innerPull(): void {
    const toInner = this.toInner as SubSourceOutlet<In>; // set before the inner flow runs
    if (this.hasPending) {
      const element = this.pending as In;
      this.pending = undefined;
      this.hasPending = false;
      toInner.push(element);
      if (this.upstreamDone) toInner.complete();
      return;
    }
    if (!this.isClosed(this.in) && !this.hasBeenPulled(this.in)) this.pull(this.in);
  }
  /** The inner flow cancelled its input. */
  innerCancel(cause: unknown): void {
    if (!this.isClosed(this.in)) this.cancel(this.in, cause);
  }
  innerPush(): void {
    this.push(this.out, (this.fromInner as SubSinkInlet<Out>).grab());
  }
}

/** What the sub-port handlers call on the logic. */
interface InnerSignals {
  innerPull(): void;
  innerCancel(cause: unknown): void;
  innerPush(): void;
  completeStage(): void;
  failStage(error: unknown): void;
}

class ToInnerHandler implements OutHandler {
  constructor(private readonly logic: InnerSignals) {}
  onPull(): void {
    this.logic.innerPull();
  }
  onDownstreamFinish(cause: unknown): void {
    this.logic.innerCancel(cause);
  }
}

class FromInnerHandler implements InHandler {
  constructor(private readonly logic: InnerSignals) {}
  onPush(): void {
    this.logic.innerPush();
  }
  onUpstreamFinish(): void {
    this.logic.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.logic.failStage(error);
  }
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** A flow from a promise created on the first element; see {@link lazyFutureFlow}. */
    function lazyFutureFlow<In, Out, M>(
      create: () => PromiseLike<Graph<FlowShape<In, Out>, M>>,
    ): Flow<In, Out, Promise<M>>;
  }
}
addFlowFactory('lazyFutureFlow', lazyFutureFlow);
