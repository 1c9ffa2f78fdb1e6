import {
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

/**
 * Collects elements into arrays until the sum of their `cost` reaches `minWeight`, then emits the
 * array; a non-empty remainder is emitted at completion. A single element at least as heavy as
 * `minWeight` makes a group of its own. A cost that is negative or not a finite number fails the
 * stream.
 * - Emits when: the group's total cost reached `minWeight`, or upstream completed with a partial
 *   group.
 * - Backpressures when: a full group is waiting and downstream backpressures.
 * - Completes when: upstream completes and the last group was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `minWeight` is not a positive number; TypeError if `cost` is not a function.
 * @see grouped, groupedWeightedWithin, batchWeighted
 */
export function groupedWeighted<T>(
  minWeight: number,
  cost: (element: T) => number,
): Flow<T, T[], NotUsed> {
  if (!(typeof minWeight === 'number' && minWeight > 0 && Number.isFinite(minWeight))) {
    throw new RangeError(
      `groupedWeighted: minWeight must be a positive number, got ${String(minWeight)}`,
    );
  }
  requireFunction('groupedWeighted', 'cost', cost);
  return Flow.fromGraph(new GroupedWeighted<T>(minWeight, cost));
}

class GroupedWeighted<T> extends GraphStage<FlowShape<T, T[]>> {
  readonly shape = new FlowShape(
    new Inlet<T>('groupedWeighted.in'),
    new Outlet<T[]>('groupedWeighted.out'),
  );
  constructor(
    readonly minWeight: number,
    readonly cost: (element: T) => number,
  ) {
    super('groupedWeighted');
  }
  createLogic(): GraphStageLogic {
    return new GroupedWeightedLogic(this);
  }
}

class GroupedWeightedLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T[]>;
  private readonly minWeight: number;
  private readonly cost: (element: T) => number;
  private group: T[] = [];
  private weight = 0;
  constructor(stage: GroupedWeighted<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.minWeight = stage.minWeight;
    this.cost = stage.cost;
    this.setHandlers(this.in, this.out, this);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const cost = this.cost(element);
    if (!(cost >= 0 && Number.isFinite(cost))) {
      throw new RangeError(
        `${this.label}: cost must be a non-negative finite number, got ${String(cost)}`,
      );
    }
    this.group.push(element);
    this.weight += cost;
    if (this.weight < this.minWeight) {
      this.pull(this.in);
    } else {
      const full = this.group;
      this.group = [];
      this.weight = 0;
      this.push(this.out, full);
    }
  }
  onPull(): void {
    this.pull(this.in);
  }
  onUpstreamFinish(): void {
    if (this.group.length > 0) this.emit(this.out, this.group);
    this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Arrays whose total cost reaches `minWeight`; see {@link groupedWeighted}. */
    groupedWeighted(minWeight: number, cost: (element: Out) => number): Repr<Kind, In, Out[], Mat>;
  }
}
addFlowOperator('groupedWeighted', groupedWeighted);
