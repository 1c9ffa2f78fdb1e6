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
  requireNonNegativeInt,
  type StepContext,
  type StepSink,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { StreamLimitReachedError } from '../StreamLimitReachedError.js';
import { deciderOf } from '../supervision.js';

/**
 * Passes elements while their total `cost` stays within `max`; fails the stream with
 * `StreamLimitReachedError` when an element takes it past `max`.
 * - Emits when: upstream pushes and the total cost is at most `max`.
 * - Backpressures when: downstream backpressures.
 * - Completes when: upstream completes.
 * - Cancels when: downstream cancels, or the limit is exceeded.
 *
 * Honours supervision for `cost`: under `resume` or `restart` an element whose cost throws is
 * dropped.
 * @throws RangeError if `max` is not a non-negative integer; TypeError if `cost` is not a function.
 * @see limit, take
 */
export function limitWeighted<T>(max: number, cost: (element: T) => number): Flow<T, T, NotUsed> {
  requireNonNegativeInt('limitWeighted', 'max', max);
  requireFunction('limitWeighted', 'cost', cost);
  return Flow.fromGraph(new LimitWeighted(max, cost, 'limitWeighted'));
}

/** @internal The stage behind `limit` and `limitWeighted`; fusable with its neighbours. */
export class LimitWeighted<T> extends FusableFlow<T, T> {
  readonly shape: FlowShape<T, T>;
  constructor(
    readonly max: number,
    readonly cost: (element: T) => number,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
  createStep(downstream: StepSink<T>, context: StepContext, attributes: Attributes): StepSink<T> {
    return new LimitWeightedStep(this, downstream, context, deciderOf(attributes));
  }
}

class LimitWeightedStep<T> implements StepSink<T> {
  private left: number;
  constructor(
    private readonly stage: LimitWeighted<T>,
    private readonly downstream: StepSink<T>,
    private readonly context: StepContext,
    private readonly decider: Decider | undefined,
  ) {
    this.left = stage.max;
  }
  onElement(element: T): void {
    let cost: number;
    try {
      cost = this.stage.cost(element);
    } catch (error) {
      if (this.decider === undefined || this.decider(error) === 'stop') throw error;
      return;
    }
    this.left -= cost;
    if (this.left < 0) {
      throw new StreamLimitReachedError(
        `${this.context.label}: cannot pass more than ${this.stage.max}: the limit was exceeded`,
        this.stage.max,
      );
    }
    this.downstream.onElement(element);
  }
  onComplete(): void {
    this.downstream.onComplete();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Fails once the elements' total cost exceeds `max`; see {@link limitWeighted}. */
    limitWeighted(max: number, cost: (element: Out) => number): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('limitWeighted', limitWeighted);
