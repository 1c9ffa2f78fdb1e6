import {
  type AsyncCallback,
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
  requireCapacity,
  RingBuffer,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';
import { Failed, Inflight } from './Inflight.js';

/**
 * Like `mapAsync`, but emits each result as soon as it resolves, in completion order. At most
 * `parallelism` elements are held: calls in flight plus results waiting for demand.
 * - Emits when: a call has resolved and downstream pulls.
 * - Backpressures when: `parallelism` elements are held and downstream backpressures.
 * - Completes when: upstream completes and every result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose `f` throws or whose promise rejects is dropped under
 * `resume` or `restart`. A result of `undefined` or `null` is skipped.
 * @throws RangeError if `parallelism` is not an integer from 1 to 2**30; TypeError if `f` is not a function.
 * @see mapAsync, mapAsyncPartitioned
 */
export function mapAsyncUnordered<In, Out>(
  parallelism: number,
  f: (element: In) => PromiseLike<Out> | Out,
): Flow<In, Out, NotUsed> {
  requireCapacity('mapAsyncUnordered', 'parallelism', parallelism);
  requireFunction('mapAsyncUnordered', 'f', f);
  return Flow.fromGraph(new MapAsyncUnordered(parallelism, f));
}

class MapAsyncUnordered<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(
    new Inlet<In>('mapAsyncUnordered.in'),
    new Outlet<Out>('mapAsyncUnordered.out'),
  );
  constructor(
    readonly parallelism: number,
    readonly f: (element: In) => PromiseLike<Out> | Out,
  ) {
    super('mapAsyncUnordered');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new MapAsyncUnorderedLogic(this, deciderOf(attributes));
  }
}

class MapAsyncUnorderedLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  /** Results that resolved while downstream had no demand, in completion order. */
  private readonly results: RingBuffer<Out>;
  /** Holders not in use; created only when none is free, so never more than `parallelism`. */
  private readonly free: Inflight<In, Out>[] = [];
  private inFlight = 0;
  private readonly onDone: AsyncCallback<Inflight<In, Out>>;
  constructor(
    private readonly stage: MapAsyncUnordered<In, Out>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.results = new RingBuffer(stage.parallelism);
    this.onDone = this.getAsyncCallback((holder) => {
      this.completed(holder);
    });
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let result: PromiseLike<Out> | Out;
    try {
      result = this.stage.f(element);
    } catch (error) {
      this.supervise(error);
      this.pullIfRoom();
      return;
    }
    // We pull only while fewer than `parallelism` calls are held, so this stays within the bound.
    const holder = this.free.pop() ?? new Inflight(this.onDone);
    this.inFlight++;
    holder.start(result);
    this.pullIfRoom();
  }
  onPull(): void {
    if (!this.results.isEmpty) this.push(this.out, this.results.dequeue());
    this.afterChange();
  }
  onUpstreamFinish(): void {
    this.afterChange();
  }
  private completed(holder: Inflight<In, Out>): void {
    this.inFlight--;
    const failed = holder.status === Failed;
    const { error, result } = holder;
    holder.reset();
    this.free.push(holder);
    if (failed) this.supervise(error);
    else if (result !== undefined && result !== null) {
      if (this.isAvailable(this.out)) this.push(this.out, result);
      else this.results.enqueue(result);
    }
    this.afterChange();
  }
  private afterChange(): void {
    if (this.isClosed(this.in)) {
      if (this.inFlight === 0 && this.results.isEmpty) this.completeStage();
    } else {
      this.pullIfRoom();
    }
  }
  // Buffered results count against parallelism too, so at most `parallelism` elements are held.
  private pullIfRoom(): void {
    if (
      this.inFlight + this.results.length < this.stage.parallelism &&
      !this.hasBeenPulled(this.in) &&
      !this.isClosed(this.in)
    ) {
      this.pull(this.in);
    }
  }
  private supervise(error: unknown): void {
    if (this.decider === undefined || this.decider(error) === 'stop') throw error;
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Async `f` with bounded parallelism, results as they come; see {@link mapAsyncUnordered}. */
    mapAsyncUnordered<T>(
      parallelism: number,
      f: (element: Out) => PromiseLike<T> | T,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('mapAsyncUnordered', mapAsyncUnordered);
