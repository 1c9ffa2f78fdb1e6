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
} from '../../core/index.js';
import { FusedInner } from '../nesting/FusedInner.js';
import { None, StepInnerOwner } from '../nesting/StepInnerOwner.js';

/**
 * @internal The fused form of `a.zip(b)` and `a.zipWith(b, f)` when `b` is a plain chain of
 * fusable stages ({@link SourceChain}): a step that runs `b` inside itself (as a
 * {@link FusedInner}, so `b`'s own expansions stay its own) and takes one of its elements for each
 * element of upstream. As the junction does, it holds one element of `b` ahead, taken at start and
 * after each pair, so a `b` that ends completes the stream without pulling upstream again; an
 * element of upstream that finds `b` ended is dropped, and a pending one is paired before
 * upstream's completion ends the stream.
 */
export class ZipChain<A, B, Out> extends FusableFlow<A, Out> {
  readonly shape: FlowShape<A, Out>;
  private constructor(
    readonly chain: SourceChain<B>,
    readonly f: (a: A, b: B) => Out,
    readonly name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<A>(`${name}.in0`), new Outlet<Out>(`${name}.out`));
  }

  /** The fused stage, or `undefined` when `that` is not a plain fused chain. */
  static of<A, B, Out>(
    that: Graph<SourceShape<B>, unknown>,
    f: (a: A, b: B) => Out,
    name: string,
  ): ZipChain<A, B, Out> | undefined {
    const chain = SourceChain.of(that);
    return chain === undefined ? undefined : new ZipChain(chain, f, name);
  }

  createStep(downstream: StepSink<Out>, context: StepContext): StepSink<A> {
    return new ZipStep(this, downstream, context);
  }
}

class ZipStep<A, B, Out> extends StepInnerOwner<B> implements StepSink<A>, StepExpansion {
  private readonly f: (a: A, b: B) => Out;
  /** Started with the chain: `b` may emit at start (a scan's seed). */
  private inner: FusedInner<B> | undefined = undefined;
  private held: B | typeof None = None;
  /** The element of upstream waiting for one of `b`, while the expansion runs. */
  private pending: A | typeof None = None;
  private ended = false;
  constructor(
    private readonly stage: ZipChain<A, B, Out>,
    private readonly downstream: StepSink<Out>,
    context: StepContext,
  ) {
    super(context);
    this.f = stage.f;
  }

  onStart(): void {
    this.inner = new FusedInner(this, this.stage.chain, 0);
    this.fetch(this.inner);
  }

  onElement(element: A): void {
    const held = this.held;
    if (held !== None) {
      this.held = None;
      this.downstream.onElement(this.f(element, held));
      this.fetch(this.inner as FusedInner<B>); // started at start
    } else if (!this.ended) {
      this.pending = element;
      this.context.expand(this);
    }
  }

  /** Takes the next element of `b` ahead, if it has one now; ends the stream if `b` ended. */
  private fetch(inner: FusedInner<B>): void {
    if (this.held === None && !inner.waiting && !inner.done) inner.produce();
    if (this.held === None && inner.done) this.end();
  }

  produce(max: number): ExpansionState {
    const inner = this.inner as FusedInner<B>; // started at start
    if (this.held === None) {
      if (max !== 0 && !inner.waiting && !inner.done) inner.produce();
      if (this.held === None) {
        if (inner.done) {
          this.pending = None; // dropped: `b` ended first
          this.end();
          return 'done';
        }
        return inner.waiting ? 'wait' : 'more';
      }
    }
    if (max === 0) return 'more';
    const a = this.pending as A; // the expansion runs only with an element pending
    const b = this.held; // not None: taken above
    this.pending = None;
    this.held = None;
    this.downstream.onElement(this.f(a, b));
    this.fetch(inner);
    return 'done';
  }

  onComplete(): void {
    this.end();
  }

  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.inner?.stop();
    this.downstream.onComplete();
  }

  onStop(): void {
    this.inner?.stop();
  }

  // ---- FusedInnerOwner: `b` reports here ----

  innerElement(element: B): void {
    this.held = element;
  }

  innerWoke(): void {
    this.context.wake();
  }

  innerLabel(): string {
    return `${this.context.label}/that`;
  }

  get outName(): string {
    return `${this.stage.name}.in1`;
  }
}
