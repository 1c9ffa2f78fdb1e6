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
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { NoSuchElementError } from '../sinks/head.js';
import { deciderOf } from '../supervision.js';

/**
 * Like `fold`, with the first element as the seed: emits `f(...f(f(e1, e2), e3)..., en)` once
 * upstream completes. An empty stream fails with `NoSuchElementError`.
 * - Emits when: upstream completes.
 * - Backpressures when: downstream backpressures (after completion).
 * - Completes when: upstream completes and the result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: `resume` keeps the accumulator, `restart` forgets it (the next element is
 * the new seed).
 * @throws TypeError if `f` is not a function.
 * @see fold, Sink.reduce
 */
export function reduce<T>(f: (acc: T, element: T) => T): Flow<T, T, NotUsed> {
  requireFunction('reduce', 'f', f);
  return Flow.fromGraph(new Reduce(f));
}

class Reduce<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('reduce.in'), new Outlet<T>('reduce.out'));
  constructor(readonly f: (acc: T, element: T) => T) {
    super('reduce');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new ReduceLogic(this, deciderOf(attributes));
  }
}

class ReduceLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private readonly f: (acc: T, element: T) => T;
  // `undefined` until the first element: undefined is never a stream element.
  private acc: T | undefined = undefined;
  constructor(
    stage: Reduce<T>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.f = stage.f;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.acc === undefined) {
      this.acc = element;
    } else if (this.decider === undefined) {
      this.acc = this.f(this.acc, element);
    } else {
      try {
        this.acc = this.f(this.acc, element);
      } catch (error) {
        const directive = this.decider(error);
        if (directive === 'stop') throw error;
        if (directive === 'restart') this.acc = undefined;
      }
    }
    this.pull(this.in);
  }
  onPull(): void {
    // Pulls eagerly from preStart; demand is served at completion.
  }
  onUpstreamFinish(): void {
    if (this.acc === undefined) {
      this.failStage(
        new NoSuchElementError(`${this.label}: cannot reduce an empty stream: no element arrived`),
      );
      return;
    }
    this.emit(this.out, this.acc, () => {
      this.completeStage();
    });
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Folds with the first element as the seed; see {@link reduce}. */
    reduce(f: (acc: Out, element: Out) => Out): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('reduce', reduce);
