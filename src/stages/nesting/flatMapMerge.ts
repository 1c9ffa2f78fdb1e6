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
  requirePositiveInt,
  type SourceShape,
  SubSinkInlet,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { type InnerSourceOwner, runInner } from './runInner.js';

/**
 * Maps each element to a source with `f` and runs up to `breadth` of them at once, emitting their
 * elements as they come. Each running inner source holds at most one element ahead.
 * - Emits when: an inner source has an element available.
 * - Backpressures when: downstream backpressures, or `breadth` inner sources are running
 *   (upstream is not pulled then).
 * - Completes when: upstream and every inner source completed.
 * - Cancels when: downstream cancels (the inner sources are cancelled with it).
 * - Fails when: upstream or any inner source fails, or `f` throws.
 * @throws RangeError if `breadth` is not a positive integer; TypeError if `f` is not a function.
 * @see flatMapConcat
 */
export function flatMapMerge<T, U>(
  breadth: number,
  f: (element: T) => Graph<SourceShape<U>, unknown>,
): Flow<T, U, NotUsed> {
  requirePositiveInt('flatMapMerge', 'breadth', breadth);
  requireFunction('flatMapMerge', 'f', f);
  return Flow.fromGraph(new FlatMapMerge(breadth, f, 'flatMapMerge'));
}

/** @internal The stage of `flatMapMerge`, of `flatMapConcat` (breadth 1) and of `mergeSubstreams`. */
export class FlatMapMerge<T, U> extends GraphStage<FlowShape<T, U>> {
  readonly shape: FlowShape<T, U>;
  constructor(
    readonly breadth: number,
    readonly f: (element: T) => Graph<SourceShape<U>, unknown>,
    readonly name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<U>(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new FlatMapMergeLogic(this);
  }
}

class FlatMapMergeLogic<T, U>
  extends GraphStageLogic
  implements InHandler, OutHandler, InnerSourceOwner<U>
{
  private readonly in: Inlet<T>;
  private readonly out: Outlet<U>;
  /** Inner sources not yet completed. */
  private active = 0;
  /** Inner sources holding an element, in arrival order; never longer than `breadth`. */
  private readonly ready: SubSinkInlet<U>[] = [];
  private nextId = 0;
  constructor(private readonly stage: FlatMapMerge<T, U>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const source = this.stage.f(this.grab(this.in));
    this.active++;
    runInner(this, `${this.stage.name}.inner${this.nextId++}`, source);
    if (this.active < this.stage.breadth) this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.active === 0 && this.ready.length === 0) this.completeStage();
  }
  onPull(): void {
    const sub = this.ready.shift();
    if (sub !== undefined) this.emitFrom(sub);
  }
  /** @internal */
  innerPushed(sub: SubSinkInlet<U>): void {
    if (this.isAvailable(this.out) && this.ready.length === 0) this.emitFrom(sub);
    else this.ready.push(sub);
  }
  /** @internal */
  innerFinished(sub: SubSinkInlet<U>): void {
    this.active--;
    if (!sub.isAvailable()) this.afterInnerDone();
  }
  /** @internal */
  innerFailed(_sub: SubSinkInlet<U>, error: unknown): void {
    this.failStage(error);
  }
  private emitFrom(sub: SubSinkInlet<U>): void {
    this.push(this.out, sub.grab());
    if (!sub.isClosed()) sub.pull();
    else this.afterInnerDone();
  }
  /** An inner source finished and its last element, if any, went out. */
  private afterInnerDone(): void {
    if (this.isClosed(this.in)) {
      if (this.active === 0 && this.ready.length === 0) this.completeStage();
    } else if (!this.hasBeenPulled(this.in) && this.active < this.stage.breadth) {
      this.pull(this.in);
    }
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Runs up to `breadth` inner sources at once, merged; see {@link flatMapMerge}. */
    flatMapMerge<U>(
      breadth: number,
      f: (element: Out) => Graph<SourceShape<U>, unknown>,
    ): Repr<Kind, In, U, Mat>;
  }
}
addFlowOperator('flatMapMerge', flatMapMerge);
