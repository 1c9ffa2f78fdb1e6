import {
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireFunction,
  requirePositiveInt,
  TimerGraphStageLogic,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';

/**
 * Groups elements into arrays, closing a group when its total `cost` would pass `maxWeight`, when
 * it holds `maxNumber` elements, or when `intervalMs` has passed since the last group was emitted
 * (whichever comes first). Never emits an empty group; an element heavier than `maxWeight` forms a
 * group of its own.
 * - Emits when: a group is closed by weight or count, or the interval passed with a non-empty group.
 * - Backpressures when: a closed group waits for downstream demand.
 * - Completes when: upstream completes and the last group was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `maxWeight`, `intervalMs` or `maxNumber` is not a positive integer;
 *   TypeError if `cost` is not a function.
 * @see groupedWithin, grouped, batchWeighted
 */
export function groupedWeightedWithin<T>(
  maxWeight: number,
  intervalMs: number,
  cost: (element: T) => number,
  maxNumber = Number.MAX_SAFE_INTEGER,
): Flow<T, T[], NotUsed> {
  requirePositiveInt('groupedWeightedWithin', 'maxWeight', maxWeight);
  requirePositiveInt('groupedWeightedWithin', 'intervalMs', intervalMs);
  requireFunction('groupedWeightedWithin', 'cost', cost);
  requirePositiveInt('groupedWeightedWithin', 'maxNumber', maxNumber);
  return Flow.fromGraph(
    new GroupedWeightedWithin(maxWeight, maxNumber, intervalMs, cost, 'groupedWeightedWithin'),
  );
}

/** @internal The stage behind `groupedWithin` and `groupedWeightedWithin`. */
export class GroupedWeightedWithin<T> extends GraphStage<FlowShape<T, T[]>> {
  readonly shape: FlowShape<T, T[]>;
  constructor(
    readonly maxWeight: number,
    readonly maxNumber: number,
    readonly intervalMs: number,
    readonly cost: (element: T) => number,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<T>(`${name}.in`), new Outlet<T[]>(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new GroupedWeightedWithinLogic(this);
  }
}

class GroupedWeightedWithinLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T[]>;
  private group: T[] = [];
  private weight = 0;
  /** An element that did not fit into the closed group: it opens the next one. */
  private pending: T | undefined = undefined;
  private pendingWeight = 0;
  /** The group is full (by weight or count) and waits for demand; upstream is not pulled. */
  private isClosedGroup = false;
  /**
   * The interval passed while downstream was not pulling: the group goes out on the next pull,
   * whatever its size (Pekko's `pushEagerly`).
   */
  private pushEagerly = false;
  constructor(private readonly stage: GroupedWeightedWithin<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.scheduleWithFixedDelay('group', this.stage.intervalMs, this.stage.intervalMs);
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const cost = this.stage.cost(element);
    const { maxWeight, maxNumber } = this.stage;
    if (this.group.length > 0 && this.weight + cost > maxWeight) {
      this.pending = element;
      this.pendingWeight = cost;
      this.isClosedGroup = true;
    } else {
      this.group.push(element);
      this.weight += cost;
      if (this.weight >= maxWeight || this.group.length >= maxNumber) this.isClosedGroup = true;
    }
    if (!this.isClosedGroup) this.pull(this.in);
    else if (this.isAvailable(this.out)) this.emitGroup();
  }
  onPull(): void {
    if (this.group.length > 0 && (this.isClosedGroup || this.pushEagerly)) this.emitGroup();
  }
  protected onTimer(): void {
    if (this.group.length === 0) return;
    if (this.isAvailable(this.out)) this.emitGroup();
    else this.pushEagerly = true;
  }
  onUpstreamFinish(): void {
    if (this.group.length > 0) this.emit(this.out, this.group);
    if (this.pending !== undefined) this.emit(this.out, [this.pending]);
    this.completeStage();
  }
  private emitGroup(): void {
    const group = this.group;
    this.group = [];
    this.weight = 0;
    this.isClosedGroup = false;
    this.pushEagerly = false;
    if (this.pending !== undefined) {
      this.group.push(this.pending);
      this.weight = this.pendingWeight;
      this.pending = undefined;
      const { maxWeight, maxNumber } = this.stage;
      if (this.weight >= maxWeight || this.group.length >= maxNumber) this.isClosedGroup = true;
    }
    // The interval counts from the last emission.
    this.scheduleWithFixedDelay('group', this.stage.intervalMs, this.stage.intervalMs);
    this.push(this.out, group);
    if (!this.isClosedGroup && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) {
      this.pull(this.in);
    }
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Groups by weight, count or time; see {@link groupedWeightedWithin}. */
    groupedWeightedWithin(
      maxWeight: number,
      intervalMs: number,
      cost: (element: Out) => number,
      maxNumber?: number,
    ): Repr<Kind, In, Out[], Mat>;
  }
}
addFlowOperator('groupedWeightedWithin', groupedWeightedWithin);
