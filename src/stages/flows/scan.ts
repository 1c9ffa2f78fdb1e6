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
    return new ScanStep(this, downstream, context, deciderOf(attributes));
  }
}

class ScanStep<In, Acc> implements StepSink<In> {
  private readonly f: (acc: Acc, element: In) => Acc;
  private acc: Acc;
  private seedEmitted = false;
  constructor(
    private readonly stage: Scan<In, Acc>,
    private readonly downstream: StepSink<Acc>,
    private readonly context: StepContext,
    private readonly decider: Decider | undefined,
  ) {
    this.f = stage.f;
    this.acc = stage.zero;
  }
  // The seed goes out first; the chain holds it until the first pull, as Akka's scan does.
  onStart(): void {
    this.seedEmitted = true;
    this.downstream.onElement(this.acc);
  }
  onElement(element: In): void {
    let acc: Acc;
    if (this.decider === undefined) {
      acc = this.f(this.acc, element);
    } else {
      try {
        acc = this.f(this.acc, element);
      } catch (error) {
        const directive = this.decider(error);
        if (directive === 'stop') throw error;
        if (directive === 'restart') this.acc = this.stage.zero;
        return; // dropped: the chain asks upstream for the next element
      }
    }
    if (acc === undefined || acc === null) throw this.context.illegalElement(acc);
    this.acc = acc;
    this.downstream.onElement(acc);
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

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits `zero`, then each running value; see {@link scan}. */
    scan<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Repr<Kind, In, Acc, Mat>;
  }
}
addFlowOperator('scan', scan);
