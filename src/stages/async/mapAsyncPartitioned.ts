import {
  type Attributes,
  type Decider,
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  Inlet,
  type NotUsed,
  Outlet,
  requireFunction,
  type Repr,
  requireCapacity,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';
import type { Inflight } from './Inflight.js';
import { OrderedAsyncLogic } from './OrderedAsyncLogic.js';

/**
 * Like `mapAsync`, with at most one call in flight per partition: `partitioner` gives each
 * element's key, and `f(element, key)` sees the elements of one key one at a time, in upstream
 * order. At most `parallelism` elements are held overall; results are emitted in upstream order.
 * - Emits when: the call for the oldest element held has resolved, and downstream pulls.
 * - Backpressures when: `parallelism` elements are held and downstream backpressures.
 * - Completes when: upstream completes and every held result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose `partitioner` or `f` throws, or whose promise rejects, is
 * dropped under `resume` or `restart`. A result of `undefined` or `null` is skipped.
 * @throws RangeError if `parallelism` is not an integer from 1 to 2**30; TypeError if a function argument
 *   is not a function.
 * @see mapAsync
 */
export function mapAsyncPartitioned<In, Out, P>(
  parallelism: number,
  partitioner: (element: In) => P,
  f: (element: In, partition: P) => PromiseLike<Out> | Out,
): Flow<In, Out, NotUsed> {
  requireCapacity('mapAsyncPartitioned', 'parallelism', parallelism);
  requireFunction('mapAsyncPartitioned', 'partitioner', partitioner);
  requireFunction('mapAsyncPartitioned', 'f', f);
  return Flow.fromGraph(new MapAsyncPartitioned(parallelism, partitioner, f));
}

class MapAsyncPartitioned<In, Out, P> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(
    new Inlet<In>('mapAsyncPartitioned.in'),
    new Outlet<Out>('mapAsyncPartitioned.out'),
  );
  constructor(
    readonly parallelism: number,
    readonly partitioner: (element: In) => P,
    readonly f: (element: In, partition: P) => PromiseLike<Out> | Out,
  ) {
    super('mapAsyncPartitioned');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new MapAsyncPartitionedLogic(this, deciderOf(attributes));
  }
}

class MapAsyncPartitionedLogic<In, Out, P> extends OrderedAsyncLogic<In, Out> {
  /** Partitions with a call in flight. */
  private readonly busy = new Set<unknown>();
  constructor(
    private readonly stage: MapAsyncPartitioned<In, Out, P>,
    decider: Decider | undefined,
  ) {
    super(stage.shape, stage.parallelism, decider);
  }
  onPush(): void {
    const element = this.grab(this.in);
    let partition: P;
    try {
      partition = this.stage.partitioner(element);
    } catch (error) {
      this.supervise(error);
      this.pullIfRoom();
      return;
    }
    const holder = this.takeHolder(); // we pull only while the queue has room
    holder.input = element;
    holder.partition = partition;
    this.queue.enqueue(holder);
    if (!this.busy.has(partition)) this.start(holder);
    this.pullIfRoom();
  }
  // The next waiting element of the same partition may start now.
  protected override settled(holder: Inflight<In, Out>): void {
    this.busy.delete(holder.partition);
    for (const next of this.queue) {
      if (!next.isStarted && next.partition === holder.partition) {
        this.start(next);
        break;
      }
    }
  }
  private start(holder: Inflight<In, Out>): void {
    this.busy.add(holder.partition);
    let result: PromiseLike<Out> | Out;
    try {
      result = this.stage.f(holder.input as In, holder.partition as P); // set in onPush
    } catch (error) {
      // Settled at once, as a rejection: dropped or failed in order, like any other.
      holder.isStarted = true;
      holder.reject(error);
      return;
    }
    holder.start(result);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Async `f`, one call per partition at a time, results in order; see {@link mapAsyncPartitioned}. */
    mapAsyncPartitioned<T, P>(
      parallelism: number,
      partitioner: (element: Out) => P,
      f: (element: Out, partition: P) => PromiseLike<T> | T,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('mapAsyncPartitioned', mapAsyncPartitioned);
