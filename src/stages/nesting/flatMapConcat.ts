import {
  type ExpansionState,
  Flow,
  FlowShape,
  FusableFlow,
  type Graph,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  requireFunction,
  Source,
  SourceChain,
  type SourceRun,
  type SourceShape,
  type StepContext,
  type StepExpansion,
  type StepSink,
  SubSinkInlet,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Maps each element to a source with `f` and emits that source's elements, one source at a time:
 * the next element is pulled only once the current source completed.
 * - Emits when: the current inner source has an element available.
 * - Backpressures when: downstream backpressures, or an inner source is running.
 * - Completes when: upstream and the last inner source completed.
 * - Cancels when: downstream cancels (the inner source is cancelled with it).
 * - Fails when: upstream or the inner source fails, or `f` throws.
 *
 * An inner source that is a plain chain of fusable stages (`Source.from(array).map(g)`,
 * `Source.single(x)`, `Source.range(a, b)`) runs inside this stage's step as plain calls (see
 * {@link SourceChain}); any other source is materialized as a stream of its own.
 * @throws TypeError if `f` is not a function.
 * @see flatMapMerge
 */
export function flatMapConcat<T, U>(
  f: (element: T) => Graph<SourceShape<U>, unknown>,
): Flow<T, U, NotUsed> {
  requireFunction('flatMapConcat', 'f', f);
  return Flow.fromGraph(new FlatMapConcat(f));
}

class FlatMapConcat<T, U> extends FusableFlow<T, U> {
  readonly shape = new FlowShape(
    new Inlet<T>('flatMapConcat.in'),
    new Outlet<U>('flatMapConcat.out'),
  );
  constructor(readonly f: (element: T) => Graph<SourceShape<U>, unknown>) {
    super('flatMapConcat');
  }
  createStep(downstream: StepSink<U>, context: StepContext): StepSink<T> {
    return new FlatMapConcatStep(this.f, downstream, context);
  }
}

/** Runs one inner source at a time, as an expansion of the chain. */
class FlatMapConcatStep<T, U> implements StepSink<T>, StepExpansion, InHandler {
  /** The running inner source, when it runs as steps. */
  private run: SourceRun | undefined = undefined;
  /** The running inner source, when it runs as a stream of its own. */
  private sub: SubSinkInlet<U> | undefined = undefined;
  private upstreamDone = false;
  private subCount = 0;
  constructor(
    private readonly f: (element: T) => Graph<SourceShape<U>, unknown>,
    private readonly downstream: StepSink<U>,
    private readonly context: StepContext,
  ) {}

  // Kept tiny so a source loop that feeds both this step and, inside a run, the elements' own
  // consumer (`Source.from` outside and in) can inline both targets of its one call site.
  onElement(element: T): void {
    this.startInner(element);
  }

  private startInner(element: T): void {
    const graph = this.f(element);
    const chain = SourceChain.of(graph);
    // Expanding first puts this step below any expansion its inner source starts (an inner
    // flatMapConcat fed by a scan seed at start), so that one runs first.
    this.context.expand(this);
    if (chain !== undefined) {
      this.run = chain.start(this.downstream, this.context);
    } else {
      const sub = new SubSinkInlet<U>(
        this.context.logic,
        `${this.context.label}.inner${this.subCount++}`,
      );
      sub.setHandler(this);
      sub.pull();
      this.sub = sub;
      Source.fromGraph(graph).runWith(sub.sink, this.context.materializer);
    }
  }

  produce(max: number): ExpansionState {
    const run = this.run;
    if (run !== undefined) {
      if (run.produce(max)) return 'more';
      run.stop();
      this.run = undefined;
      return this.finishInner();
    }
    const sub = this.sub as SubSinkInlet<U>; // an expansion runs either as steps or as a stream
    if (max === 0) {
      if (sub.isAvailable() || !sub.isClosed()) return 'more';
    } else if (sub.isAvailable()) {
      const element = sub.grab();
      if (!sub.isClosed()) sub.pull();
      this.downstream.onElement(element);
      return 'more';
    }
    if (!sub.isClosed()) return 'wait';
    this.sub = undefined;
    return this.finishInner();
  }

  private finishInner(): ExpansionState {
    if (this.upstreamDone) this.downstream.onComplete();
    return 'done';
  }

  onComplete(): void {
    if (this.run === undefined && this.sub === undefined) this.downstream.onComplete();
    else this.upstreamDone = true;
  }

  onStop(): void {
    this.run?.stop();
    this.sub?.cancel();
  }

  // The handler of the inner stream's port: each signal wakes the chain, which calls `produce`.
  onPush(): void {
    this.context.wake();
  }
  onUpstreamFinish(): void {
    this.context.wake();
  }
  onUpstreamFailure(error: unknown): void {
    this.context.logic.failStage(error);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits the elements of each inner source in turn; see {@link flatMapConcat}. */
    flatMapConcat<U>(f: (element: Out) => Graph<SourceShape<U>, unknown>): Repr<Kind, In, U, Mat>;
  }
}
addFlowOperator('flatMapConcat', flatMapConcat);
