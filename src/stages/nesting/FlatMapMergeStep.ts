import {
  type ExpansionState,
  FlowShape,
  FusableFlow,
  type Graph,
  Inlet,
  Outlet,
  SourceChain,
  type SourceShape,
  type StepContext,
  type StepExpansion,
  type StepSink,
  type SubSinkInlet,
} from '../../core/index.js';
import { FusedInner } from './FusedInner.js';
import { MaxEmptyTurns, StepInnerOwner } from './StepInnerOwner.js';
import { type InnerSourceOwner, runInner } from './runInner.js';

/**
 * @internal The stage of `flatMapMerge`: a step of a fused chain. Its expansion runs while inner
 * sources do, takes one element from each in turn, and asks the chain for upstream's next element
 * (`'feed'`) whenever fewer than `breadth` run. An inner source that is a plain fused chain runs
 * here as steps ({@link FusedInner}); any other as a stream of its own, into a sub-inlet.
 */
export class FlatMapMergeFlow<T, U> extends FusableFlow<T, U> {
  readonly shape: FlowShape<T, U>;
  constructor(
    readonly breadth: number,
    readonly f: (element: T) => Graph<SourceShape<U>, unknown>,
    readonly name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<U>(`${name}.out`));
  }
  createStep(downstream: StepSink<U>, context: StepContext): StepSink<T> {
    return new FlatMapMergeStep(this, downstream, context);
  }
}

class FlatMapMergeStep<T, U>
  extends StepInnerOwner<U>
  implements StepSink<T>, StepExpansion, InnerSourceOwner<U>
{
  /** Inner sources not yet completed (or completed with an element still held). */
  private active = 0;
  /** Inner sources with something to take, in turn; never longer than `breadth`. */
  private readonly ready: (FusedInner<U> | SubSinkInlet<U>)[] = [];
  /** Fused inner sources not yet done: stopped with the chain. */
  private readonly fused: FusedInner<U>[] = [];
  /** Inner streams not yet completed: cancelled with the chain. */
  private readonly subs = new Set<SubSinkInlet<U>>();
  private nextId = 0;
  /** `'feed'` was reported and upstream has not answered yet. */
  private feedAsked = false;
  private upstreamDone = false;
  private finished = false;
  /** Asked without demand too: upstream's elements start inner sources ahead. */
  readonly feeds = true;
  /** An inner source is starting: what it emits at start (a scan's seed) may have no demand yet. */
  private starting = false;
  /** Elements inner sources emitted at their start, sent on the next demands. */
  private readonly held: U[] = [];
  constructor(
    private readonly stage: FlatMapMergeFlow<T, U>,
    private readonly downstream: StepSink<U>,
    context: StepContext,
  ) {
    super(context);
  }

  // The expansion runs from the start, so the chain asks it before anything else, even without
  // demand (`produce(0)`): upstream's first elements start inner sources ahead, as Pekko's do.
  onStart(): void {
    this.context.expand(this);
  }

  onElement(element: T): void {
    this.feedAsked = false;
    const graph = this.stage.f(element);
    const id = this.nextId++;
    this.active++;
    const chain = SourceChain.of(graph);
    if (chain === undefined) {
      this.runSub(graph, id);
    } else {
      this.starting = true;
      let inner: FusedInner<U>;
      try {
        inner = new FusedInner(this, chain, id);
      } finally {
        this.starting = false;
      }
      if (inner.done) {
        inner.stop();
        this.active--;
      } else {
        this.fused.push(inner);
        this.enqueue(inner);
      }
    }
  }

  onComplete(): void {
    this.feedAsked = false;
    this.upstreamDone = true;
  }

  produce(max: number): ExpansionState {
    if (this.finished) return 'done';
    if (this.active === 0 && this.upstreamDone && this.held.length === 0) return this.finish();
    // Below `breadth`, upstream's next element comes first, as the stage pulls it at once.
    if (!this.upstreamDone && this.active < this.stage.breadth && (!this.feedAsked || max === 0)) {
      this.feedAsked = true;
      return 'feed';
    }
    if (max === 0) return 'more';
    if (this.held.length !== 0) {
      this.downstream.onElement(this.held.shift() as U); // non-null: not empty
      return this.afterTurn();
    }
    // One element from each inner source in turn, in a burst while the chain's gate is open.
    const ready = this.ready;
    const gate = this.context.gate;
    let emitted = 0;
    for (let empty = 0; ready.length !== 0 && empty < MaxEmptyTurns;) {
      if (emitted !== 0 && (emitted === max || !gate.open)) break;
      const next = ready.shift() as FusedInner<U> | SubSinkInlet<U>; // non-null: not empty
      if (!(next instanceof FusedInner)) {
        this.emitFrom(next);
        emitted++;
        continue;
      }
      next.queued = false;
      const before = next.emitted;
      next.produce();
      if (next.done) this.fusedDone(next);
      else this.enqueue(next);
      if (next.emitted !== before) emitted++;
      else empty++;
    }
    if (emitted !== 0) return this.afterTurn();
    if (ready.length !== 0) return 'more'; // dropped many in a row: the chain counts the turn
    if (this.active === 0 && this.upstreamDone) return this.finish(); // held is empty here
    // Every inner source waits on something asynchronous.
    if (!this.upstreamDone && this.active < this.stage.breadth) {
      this.feedAsked = true;
      return 'feed';
    }
    return 'wait';
  }

  /** After an element went out: the stream ends once upstream and every inner source did. */
  private afterTurn(): ExpansionState {
    return this.active === 0 && this.upstreamDone && this.held.length === 0
      ? this.finish()
      : 'more';
  }

  private finish(): ExpansionState {
    this.finished = true;
    this.downstream.onComplete();
    return 'done';
  }

  private enqueue(inner: FusedInner<U>): void {
    if (inner.claimQueueSlot()) this.ready.push(inner);
  }

  private fusedDone(inner: FusedInner<U>): void {
    inner.stop();
    this.fused.splice(this.fused.indexOf(inner), 1);
    this.active--;
  }

  /** Runs an inner source that is not a plain chain as a stream of its own, into a sub-inlet. */
  private runSub(graph: Graph<SourceShape<U>, unknown>, id: number): void {
    const name = `${this.stage.name}.inner${String(id)}`;
    this.subs.add(runInner(this, this.context.logic, name, graph));
  }

  private emitFrom(sub: SubSinkInlet<U>): void {
    const element = sub.grab();
    if (!sub.isClosed()) sub.pull();
    else this.active--; // its completion came while the element waited
    this.downstream.onElement(element);
  }

  onStop(): void {
    for (const inner of this.fused) inner.stop();
    this.fused.length = 0;
    for (const sub of this.subs) sub.cancel();
    this.subs.clear();
  }

  // ---- FusedInnerOwner: the fused inner sources report here ----

  innerElement(element: U): void {
    if (this.starting) this.held.push(element);
    else this.downstream.onElement(element);
  }

  innerWoke(inner: FusedInner<U>): void {
    if (inner.done) return;
    this.enqueue(inner);
    this.context.wake();
  }

  innerLabel(id: number): string {
    return `${this.context.label}/${this.stage.name}.inner${String(id)}`;
  }

  get outName(): string {
    return this.stage.shape.out.name;
  }

  // ---- the inner streams report here ----

  innerPushed(sub: SubSinkInlet<U>): void {
    this.ready.push(sub);
    this.context.wake();
  }

  innerFinished(sub: SubSinkInlet<U>): void {
    this.subs.delete(sub);
    // One still holding its last element counts until that element went out.
    if (!sub.isAvailable()) {
      this.active--;
      this.context.wake();
    }
  }

  innerFailed(_sub: SubSinkInlet<U>, error: unknown): void {
    this.context.logic.failStage(error);
  }
}
