import {
  Flow,
  FlowShape,
  type Graph,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  requireNonNegativeInt,
  SubSinkInlet,
  SubSourceOutlet,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Takes the first `n` elements (fewer if upstream completes first), builds a flow from them with
 * `f`, and runs the rest of the stream through that flow. The prefix itself is not passed to it.
 * - Emits when: the built flow emits.
 * - Backpressures when: the prefix is being collected and downstream has not pulled, or the built
 *   flow backpressures.
 * - Completes when: the built flow completes.
 * - Cancels when: downstream cancels, or the built flow cancels its input.
 * - Fails when: upstream or the built flow fails, or `f` throws.
 * @throws RangeError if `n` is not a non-negative integer; TypeError if `f` is not a function.
 * @see prefixAndTail
 */
export function flatMapPrefix<T, U>(
  n: number,
  f: (prefix: T[]) => Graph<FlowShape<T, U>, unknown>,
): Flow<T, U, NotUsed> {
  requireNonNegativeInt('flatMapPrefix', 'n', n);
  requireFunction('flatMapPrefix', 'f', f);
  return Flow.fromGraph(new FlatMapPrefix(n, f));
}

class FlatMapPrefix<T, U> extends GraphStage<FlowShape<T, U>> {
  readonly shape = new FlowShape(
    new Inlet<T>('flatMapPrefix.in'),
    new Outlet<U>('flatMapPrefix.out'),
  );
  constructor(
    readonly n: number,
    readonly f: (prefix: T[]) => Graph<FlowShape<T, U>, unknown>,
  ) {
    super('flatMapPrefix');
  }
  createLogic(): GraphStageLogic {
    return new FlatMapPrefixLogic(this);
  }
}

class FlatMapPrefixLogic<T, U> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<U>;
  private readonly prefix: T[] = [];
  /** Feeds the rest of upstream into the built flow; set once it runs. */
  private toFlow: SubSourceOutlet<T> | undefined = undefined;
  /** Reads the built flow's output. */
  private fromFlow: SubSinkInlet<U> | undefined = undefined;
  constructor(private readonly stage: FlatMapPrefix<T, U>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    if (this.stage.n === 0) this.startFlow();
    else this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.toFlow !== undefined) {
      this.toFlow.push(element);
      return;
    }
    this.prefix.push(element);
    if (this.prefix.length < this.stage.n) this.pull(this.in);
    else this.startFlow();
  }
  onUpstreamFinish(): void {
    if (this.toFlow === undefined) this.startFlow();
    this.toFlow?.complete();
  }
  onUpstreamFailure(error: unknown): void {
    if (this.toFlow === undefined) this.failStage(error);
    else this.toFlow.fail(error);
  }
  onPull(): void {
    const fromFlow = this.fromFlow;
    if (fromFlow !== undefined && !fromFlow.hasBeenPulled() && !fromFlow.isClosed())
      fromFlow.pull();
  }
  onDownstreamFinish(cause: unknown): void {
    this.fromFlow?.cancel();
    this.cancelStage(cause);
  }
  private startFlow(): void {
    const flow = this.stage.f(this.prefix);
    const toFlow = new SubSourceOutlet<T>(this, 'flatMapPrefix.toFlow');
    const fromFlow = new SubSinkInlet<U>(this, 'flatMapPrefix.fromFlow');
    this.toFlow = toFlow;
    this.fromFlow = fromFlow;
    toFlow.setHandler({
      onPull: () => {
        this.tryPull(this.in);
      },
      onDownstreamFinish: () => {
        this.cancel(this.in);
      },
    });
    fromFlow.setHandler({
      onPush: () => {
        this.push(this.out, fromFlow.grab());
      },
      onUpstreamFinish: () => {
        this.completeStage();
      },
      onUpstreamFailure: (error: unknown) => {
        this.failStage(error);
      },
    });
    if (this.isAvailable(this.out)) fromFlow.pull();
    toFlow.source.via(flow).runWith(fromFlow.sink, this.materializer);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Builds a flow from the first `n` elements for the rest; see {@link flatMapPrefix}. */
    flatMapPrefix<U>(
      n: number,
      f: (prefix: Out[]) => Graph<FlowShape<Out, U>, unknown>,
    ): Repr<Kind, In, U, Mat>;
  }
}
addFlowOperator('flatMapPrefix', flatMapPrefix);
