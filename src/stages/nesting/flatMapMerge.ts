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
  SourceChain,
  type SourceShape,
  SubSinkInlet,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { FlatMapMergeFlow } from './FlatMapMergeStep.js';
import { FusedInner, type FusedInnerOwner } from './FusedInner.js';
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
 *
 * It is a fused step: with the fusable stages around it, it runs in one stage. An inner source
 * that is a plain chain of fusable stages (`Source.from(xs).map(g)`) runs inside it as plain
 * calls, one element from each in turn; any other inner source runs as a stream of its own.
 * @throws RangeError if `breadth` is not a positive integer; TypeError if `f` is not a function.
 * @see flatMapConcat
 */
export function flatMapMerge<T, U>(
  breadth: number,
  f: (element: T) => Graph<SourceShape<U>, unknown>,
): Flow<T, U, NotUsed> {
  requirePositiveInt('flatMapMerge', 'breadth', breadth);
  requireFunction('flatMapMerge', 'f', f);
  return Flow.fromGraph(new FlatMapMergeFlow(breadth, f, 'flatMapMerge'));
}

/** @internal The classic merging stage behind `mergeSubstreams` and `concatSubstreams` (breadth 1). */
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

/** The most inner elements dropped in a row (by a filter) before a pull waits for the next turn. */
const MaxEmptyTurns = 1024;

class FlatMapMergeLogic<T, U>
  extends GraphStageLogic
  implements InHandler, OutHandler, InnerSourceOwner<U>, FusedInnerOwner<U>
{
  private readonly in: Inlet<T>;
  private readonly out: Outlet<U>;
  /** Inner sources not yet completed. */
  private active = 0;
  /**
   * Inner sources with something to take, in turn: a sub-inlet holding an element (queued when
   * it arrived), a fused inner source (back in the queue after each element it gave), so each
   * gets one element per round; never longer than `breadth`.
   */
  private readonly ready: (SubSinkInlet<U> | FusedInner<U>)[] = [];
  /** Fused inner sources not yet done, queued or waiting: stopped with the stage. */
  private readonly fused: FusedInner<U>[] = [];
  private nextId = 0;
  /** Downstream pulled and nothing was pushed since; kept here so a push needs no port lookup. */
  private demand = false;
  /** `serve` is on the stack: an inner source waking from inside it waits for the loop. */
  private serving = false;
  private immediate: NodeJS.Immediate | undefined = undefined;
  private readonly resumeCallback = this.getAsyncCallback<undefined>(() => {
    if (this.demand) this.serve();
  });
  /** Bound once, so a yield allocates no closure. */
  private readonly fireResume = (): void => {
    this.immediate = undefined;
    this.resumeCallback.invoke(undefined);
  };
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
    const graph = this.stage.f(this.grab(this.in));
    const id = this.nextId++;
    this.active++;
    // A plain fused chain (`Source.from(xs).map(g)`) runs here as steps; any other as a stream.
    const chain = SourceChain.of(graph);
    if (chain === undefined) runInner(this, this, `${this.stage.name}.inner${id}`, graph);
    else this.startFused(chain, id);
    if (this.active < this.stage.breadth && !this.hasBeenPulled(this.in)) this.pull(this.in);
    if (this.demand) this.serve();
  }
  private startFused(chain: SourceChain<U>, id: number): void {
    const inner = new FusedInner(this, chain, id);
    if (inner.done) {
      inner.stop();
      this.active--;
      return;
    }
    this.fused.push(inner);
    this.enqueue(inner);
  }
  /** Queues a fused inner source for its next turn, unless it waits or is queued already. */
  private enqueue(inner: FusedInner<U>): void {
    if (inner.queued || inner.waiting) return;
    inner.queued = true;
    this.ready.push(inner);
  }
  onUpstreamFinish(): void {
    if (this.active === 0 && this.ready.length === 0) this.completeStage();
  }
  onPull(): void {
    this.demand = true;
    this.serve();
  }
  /** Downstream has demand: takes from the inner sources in turn until one element went out. */
  private serve(): void {
    if (this.serving) return;
    this.serving = true;
    try {
      this.serveLoop();
    } finally {
      this.serving = false;
    }
  }
  private serveLoop(): void {
    const ready = this.ready;
    let empty = 0;
    while (ready.length !== 0 && this.demand) {
      const next = ready.shift() as SubSinkInlet<U> | FusedInner<U>; // non-null: not empty
      if (!(next instanceof FusedInner)) {
        this.emitFrom(next);
        continue;
      }
      next.queued = false;
      const before = next.emitted;
      next.produce();
      if (next.done) this.fusedDone(next);
      else this.enqueue(next);
      // A filter that drops everything must not hold the event loop: go on in the next turn.
      if (next.emitted === before && ++empty === MaxEmptyTurns) {
        this.immediate ??= setImmediate(this.fireResume);
        return;
      }
    }
  }
  /** @internal */
  innerElement(element: U): void {
    // Without demand only from a step emitting at its completion: it goes out on the next pull.
    if (this.demand) {
      this.demand = false;
      this.push(this.out, element);
    } else {
      this.emit(this.out, element);
    }
  }
  /** @internal The logic itself: its fused inner sources run in it. */
  get logic(): GraphStageLogic {
    return this;
  }
  /** @internal */
  get outName(): string {
    return this.out.name;
  }
  /** @internal */
  innerLabel(id: number): string {
    return `${this.label}/${this.stage.name}.inner${id}`;
  }
  /** @internal */
  innerWoke(inner: FusedInner<U>): void {
    if (inner.done) return;
    this.enqueue(inner);
    if (this.demand) this.serve();
  }
  private fusedDone(inner: FusedInner<U>): void {
    inner.stop();
    this.fused.splice(this.fused.indexOf(inner), 1);
    this.active--;
    this.afterInnerDone();
  }
  /** @internal */
  innerPushed(sub: SubSinkInlet<U>): void {
    if (this.demand && this.ready.length === 0) this.emitFrom(sub);
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
    this.demand = false;
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
  override postStop(): void {
    if (this.immediate !== undefined) clearImmediate(this.immediate);
    for (const inner of this.fused) inner.stop();
    this.fused.length = 0;
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
