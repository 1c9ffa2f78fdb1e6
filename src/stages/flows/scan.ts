import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  FusableFlow,
  Inlet,
  type NotUsed,
  Outlet,
  requireFunction,
  type StepContext,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

/**
 * Emits `zero`, then each running value of `f(acc, element)`.
 * - Emits when: the seed on the first pull, then whenever `f` returns.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes (after the seed was emitted).
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` resets it to `zero`.
 * @throws TypeError if `f` is not a function.
 * @see fold, scanAsync
 */
export function scan<In, Acc>(
  zero: Acc,
  f: (acc: Acc, element: In) => Acc,
): Flow<In, Acc, NotUsed> {
  requireFunction('scan', 'f', f);
  return Flow.fromGraph(new Scan(zero, f));
}

// A fusable stage: next to other fusable stages it runs as a step of one fused logic.
class Scan<In, Acc> extends FusableFlow<In, Acc> {
  readonly shape = new FlowShape(new Inlet<In>('scan.in'), new Outlet<Acc>('scan.out'));
  constructor(
    readonly zero: Acc,
    readonly f: (acc: Acc, element: In) => Acc,
  ) {
    super('scan');
  }
  createStep(
    downstream: StepSink<Acc>,
    context: StepContext,
    attributes: Attributes,
  ): StepSink<In> {
    const decider = deciderOf(attributes);
    return decider === undefined
      ? new ScanStep(this, downstream, context)
      : new SupervisedScanStep(this, downstream, context, decider);
  }
}

// Unsupervised and supervised steps are separate classes: without the decider test and its
// try/catch the step is small enough for V8 to inline into the source's loop.
abstract class ScanStepBase<In, Acc> implements StepSink<In> {
  protected readonly f: (acc: Acc, element: In) => Acc;
  // Declared only, so the class emits no field that starts as undefined: the first store is a
  // number, V8 keeps a number field unboxed, and a running sum past the small-integer range
  // allocates nothing per element.
  declare protected acc: Acc;
  private seedEmitted = false;
  constructor(
    stage: Scan<In, Acc>,
    protected readonly downstream: StepSink<Acc>,
    protected readonly context: StepContext,
  ) {
    this.f = stage.f;
    this.acc = stage.zero;
  }
  abstract onElement(element: In): void;
  // The seed goes out first; the chain holds it until the first pull, as Akka's scan does.
  onStart(): void {
    this.seedEmitted = true;
    this.downstream.onElement(this.acc);
  }
  onComplete(): void {
    // The seed is owed even to a stream that ended before this step started.
    if (!this.seedEmitted) {
      this.seedEmitted = true;
      this.downstream.onElement(this.acc);
    }
    this.downstream.onComplete();
  }
}

class ScanStep<In, Acc> extends ScanStepBase<In, Acc> {
  onElement(element: In): void {
    const acc = this.f(this.acc, element);
    if (acc === undefined || acc === null) throw this.context.illegalElement(acc);
    this.acc = acc;
    this.downstream.onElement(acc);
  }
}

// `resume` keeps the accumulator, `restart` resets it to `zero`; the element is dropped.
class SupervisedScanStep<In, Acc> extends ScanStepBase<In, Acc> {
  constructor(
    private readonly stage: Scan<In, Acc>,
    downstream: StepSink<Acc>,
    context: StepContext,
    private readonly decider: Decider,
  ) {
    super(stage, downstream, context);
  }
  onElement(element: In): void {
    let acc: Acc;
    try {
      acc = this.f(this.acc, element);
    } catch (error) {
      const directive = this.decider(error);
      if (directive === 'stop') throw error;
      if (directive === 'restart') this.acc = this.stage.zero;
      return; // dropped: the chain asks upstream for the next element
    }
    if (acc === undefined || acc === null) throw this.context.illegalElement(acc);
    this.acc = acc;
    this.downstream.onElement(acc);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits `zero`, then each running value; see {@link scan}. */
    scan<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Repr<Kind, In, Acc, Mat>;
  }
}
addFlowOperator('scan', scan);
