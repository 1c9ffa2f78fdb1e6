import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
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

class Scan<In, Acc> extends GraphStage<FlowShape<In, Acc>> {
  readonly shape = new FlowShape(new Inlet<In>('scan.in'), new Outlet<Acc>('scan.out'));
  constructor(
    readonly zero: Acc,
    readonly f: (acc: Acc, element: In) => Acc,
  ) {
    super('scan');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new ScanLogic(this, deciderOf(attributes));
  }
}

class ScanLogic<In, Acc> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Acc>;
  private readonly f: (acc: Acc, element: In) => Acc;
  private acc: Acc;
  private seedEmitted = false;
  constructor(
    private readonly stage: Scan<In, Acc>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.acc = stage.zero;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.decider === undefined) {
      this.acc = this.f(this.acc, element);
    } else {
      try {
        this.acc = this.f(this.acc, element);
      } catch (error) {
        const directive = this.decider(error);
        if (directive === 'stop') throw error;
        if (directive === 'restart') this.acc = this.stage.zero;
        this.pull(this.in);
        return;
      }
    }
    this.push(this.out, this.acc);
  }
  onPull(): void {
    if (this.seedEmitted) {
      this.pull(this.in);
    } else {
      this.seedEmitted = true;
      this.push(this.out, this.acc);
    }
  }
  onUpstreamFinish(): void {
    // The seed is owed even to an empty stream.
    if (this.seedEmitted) this.completeStage();
    else {
      this.seedEmitted = true;
      this.emit(this.out, this.acc, () => {
        this.completeStage();
      });
    }
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Emits `zero`, then each running value; see {@link scan}. */
    scan<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Source<Acc, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Emits `zero`, then each running value; see {@link scan}. */
    scan<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Flow<In, Acc, Mat>;
  }
}
addFlowOperator('scan', scan);
