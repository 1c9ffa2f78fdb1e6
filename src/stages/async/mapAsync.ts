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
import { OrderedAsyncLogic } from './OrderedAsyncLogic.js';

/**
 * Runs the async `f` on each element with at most `parallelism` calls in flight, and emits the
 * results in upstream order. A result of `undefined` or `null` is skipped.
 * - Emits when: the call for the oldest element still held has resolved, and downstream pulls.
 * - Backpressures when: `parallelism` calls are held (pending, or resolved behind an older one)
 *   and downstream backpressures.
 * - Completes when: upstream completes and every held result was emitted.
 * - Cancels when: downstream cancels.
 *
 * Honours supervision: an element whose `f` throws or whose promise rejects is dropped under
 * `resume` or `restart`; under `stop` (the default) the stream fails.
 * @throws RangeError if `parallelism` is not an integer from 1 to 2**30; TypeError if `f` is not a function.
 * @example
 * ```ts
 * Source.from(ids).mapAsync(4, (id) => fetchUser(id)).runWith(Sink.seq());
 * ```
 * @see mapAsyncUnordered, mapAsyncPartitioned, map
 */
export function mapAsync<In, Out>(
  parallelism: number,
  f: (element: In) => PromiseLike<Out> | Out,
): Flow<In, Out, NotUsed> {
  requireCapacity('mapAsync', 'parallelism', parallelism);
  requireFunction('mapAsync', 'f', f);
  return Flow.fromGraph(new MapAsync(parallelism, f));
}

class MapAsync<In, Out> extends GraphStage<FlowShape<In, Out>> {
  readonly shape = new FlowShape(new Inlet<In>('mapAsync.in'), new Outlet<Out>('mapAsync.out'));
  constructor(
    readonly parallelism: number,
    readonly f: (element: In) => PromiseLike<Out> | Out,
  ) {
    super('mapAsync');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new MapAsyncLogic(this, deciderOf(attributes));
  }
}

class MapAsyncLogic<In, Out> extends OrderedAsyncLogic<In, Out> {
  constructor(
    private readonly stage: MapAsync<In, Out>,
    decider: Decider | undefined,
  ) {
    super(stage.shape, stage.parallelism, decider);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const holder = this.takeHolder(); // we pull only while the queue has room
    let result: PromiseLike<Out> | Out;
    try {
      result = this.stage.f(element);
    } catch (error) {
      this.free.push(holder);
      this.supervise(error);
      this.pullIfRoom();
      return;
    }
    this.queue.enqueue(holder);
    holder.start(result);
    this.pullIfRoom();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Async `f` with bounded parallelism, results in order; see {@link mapAsync}. */
    mapAsync<T>(
      parallelism: number,
      f: (element: Out) => PromiseLike<T> | T,
    ): Repr<Kind, In, T, Mat>;
  }
}
addFlowOperator('mapAsync', mapAsync);
