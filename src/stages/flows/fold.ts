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
 * Folds every element into an accumulator and emits it once, when upstream completes.
 * - Emits when: upstream completes.
 * - Backpressures when: downstream backpressures (after completion).
 * - Completes when: upstream completes and the result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` resets it to `zero`.
 * @throws TypeError if `f` is not a function.
 * @see scan, Sink.fold
 */
export function fold<In, Acc>(
  zero: Acc,
  f: (acc: Acc, element: In) => Acc,
): Flow<In, Acc, NotUsed> {
  requireFunction('fold', 'f', f);
  return Flow.fromGraph(new Fold(zero, f));
}

class Fold<In, Acc> extends GraphStage<FlowShape<In, Acc>> {
  readonly shape = new FlowShape(new Inlet<In>('fold.in'), new Outlet<Acc>('fold.out'));
  constructor(
    readonly zero: Acc,
    readonly f: (acc: Acc, element: In) => Acc,
  ) {
    super('fold');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new FoldLogic(this, deciderOf(attributes));
  }
}

class FoldLogic<In, Acc> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Acc>;
  private readonly f: (acc: Acc, element: In) => Acc;
  private acc: Acc;
  constructor(
    private readonly stage: Fold<In, Acc>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.acc = stage.zero;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
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
      }
    }
    this.pull(this.in);
  }
  onPull(): void {
    // The fold pulls eagerly from preStart; demand is served at completion.
  }
  onUpstreamFinish(): void {
    this.emit(this.out, this.acc, () => {
      this.completeStage();
    });
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Folds every element and emits the result at completion; see {@link fold}. */
    fold<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Source<Acc, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Folds every element and emits the result at completion; see {@link fold}. */
    fold<Acc>(zero: Acc, f: (acc: Acc, element: Out) => Acc): Flow<In, Acc, Mat>;
  }
}
addFlowOperator('fold', fold);
