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
  requirePositiveInt,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';

/**
 * While downstream is slower than upstream, aggregates elements into a batch: the first element of
 * a batch becomes `seed(element)`, the next are folded in with `aggregate`, until their total
 * `cost` would pass `max`. Then upstream is backpressured, with at most one element waiting to
 * start the next batch.
 * - Emits when: downstream pulls and a batch is open.
 * - Backpressures when: the batch is full (by cost) and downstream backpressures.
 * - Completes when: upstream completes and the last batch was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose `seed`, `aggregate` or `cost` throws is dropped under
 * `resume`; under `restart` the open batch is dropped too.
 * @throws RangeError if `max` is not a positive integer; TypeError if a function argument is not.
 * @see batch, conflateWithSeed, groupedWeightedWithin
 */
export function batchWeighted<In, S>(
  max: number,
  cost: (element: In) => number,
  seed: (element: In) => S,
  aggregate: (batch: S, element: In) => S,
): Flow<In, S, NotUsed> {
  requirePositiveInt('batchWeighted', 'max', max);
  requireFunction('batchWeighted', 'cost', cost);
  requireFunction('batchWeighted', 'seed', seed);
  requireFunction('batchWeighted', 'aggregate', aggregate);
  return Flow.fromGraph(new Batch(max, cost, seed, aggregate, 'batchWeighted'));
}

/** @internal The stage behind `batch`, `batchWeighted`, `conflate` and `conflateWithSeed`. */
export class Batch<In, S> extends GraphStage<FlowShape<In, S>> {
  readonly shape: FlowShape<In, S>;
  constructor(
    readonly max: number,
    readonly cost: (element: In) => number,
    readonly seed: (element: In) => S,
    readonly aggregate: (batch: S, element: In) => S,
    name: string,
  ) {
    super(name);
    this.shape = new FlowShape(new Inlet<In>(`${name}.in`), new Outlet<S>(`${name}.out`));
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new BatchLogic(this, deciderOf(attributes));
  }
}

class BatchLogic<In, S> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<S>;
  private batch: S | undefined = undefined;
  private hasBatch = false;
  private left: number;
  /** An element that did not fit: it seeds the next batch. */
  private pending: In | undefined = undefined;
  constructor(
    private readonly stage: Batch<In, S>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.left = stage.max;
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    try {
      const cost = this.stage.cost(element);
      if (!this.hasBatch) {
        this.startBatch(element, cost);
      } else if (cost <= this.left) {
        this.batch = this.stage.aggregate(this.batch as S, element); // hasBatch
        this.left -= cost;
      } else {
        this.pending = element;
      }
    } catch (error) {
      const directive = this.decider === undefined ? 'stop' : this.decider(error);
      if (directive === 'stop') throw error;
      if (directive === 'restart') this.clear();
    }
    if (this.hasBatch && this.isAvailable(this.out)) this.flush();
    this.pullIfRoom();
  }
  onPull(): void {
    if (this.hasBatch) this.flush();
    if (this.isClosed(this.in)) {
      if (!this.hasBatch) this.completeStage();
    } else {
      this.pullIfRoom();
    }
  }
  onUpstreamFinish(): void {
    if (!this.hasBatch) this.completeStage();
  }
  private startBatch(element: In, cost: number): void {
    this.batch = this.stage.seed(element);
    this.hasBatch = true;
    this.left = this.stage.max - cost;
  }
  private flush(): void {
    const batch = this.batch as S; // hasBatch
    this.clear();
    if (this.pending !== undefined) {
      const next = this.pending;
      this.pending = undefined;
      this.startBatch(next, this.stage.cost(next));
    }
    this.push(this.out, batch);
  }
  private clear(): void {
    this.batch = undefined;
    this.hasBatch = false;
    this.left = this.stage.max;
  }
  private pullIfRoom(): void {
    if (
      this.pending === undefined &&
      this.left > 0 &&
      !this.hasBeenPulled(this.in) &&
      !this.isClosed(this.in)
    ) {
      this.pull(this.in);
    }
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Aggregates while downstream is slow, bounded by cost; see {@link batchWeighted}. */
    batchWeighted<S>(
      max: number,
      cost: (element: Out) => number,
      seed: (element: Out) => S,
      aggregate: (batch: S, element: Out) => S,
    ): Repr<Kind, In, S, Mat>;
  }
}
addFlowOperator('batchWeighted', batchWeighted);
