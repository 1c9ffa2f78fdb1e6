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
  requireNonNegativeInt,
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

/** @internal The stage behind `limit` and `limitWeighted`. */
export class LimitWeighted<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape: FlowShape<T, T>;
  constructor(
    readonly max: number,
    readonly cost: (element: T) => number,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T>(`${name}.out`));
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new LimitWeightedLogic(this, deciderOf(attributes));
  }
}

class LimitWeightedLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private left: number;
  constructor(
    private readonly stage: LimitWeighted<T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.left = stage.max;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let cost: number;
    try {
      cost = this.stage.cost(element);
    } catch (error) {
      if (this.decider === undefined || this.decider(error) === 'stop') throw error;
      this.pull(this.in);
      return;
    }
    this.left -= cost;
    if (this.left >= 0) {
      this.push(this.out, element);
    } else {
      this.failStage(
        new StreamLimitReachedError(
          `${this.label}: cannot pass more than ${this.stage.max}: the limit was exceeded`,
          this.stage.max,
        ),
      );
    }
  }
  onPull(): void {
    this.pull(this.in);
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Fails once the elements' total cost exceeds `max`; see {@link limitWeighted}. */
    limitWeighted(max: number, cost: (element: Out) => number): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Fails once the elements' total cost exceeds `max`; see {@link limitWeighted}. */
    limitWeighted(max: number, cost: (element: Out) => number): Flow<In, Out, Mat>;
  }
}
addFlowOperator('limitWeighted', limitWeighted);
