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
  requirePositiveInt,
  RingBuffer,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { deciderOf } from '../supervision.js';
import { Failed, Inflight, Pending } from './Inflight.js';

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
 * @throws RangeError if `parallelism` is not a positive integer; TypeError if a function argument
 *   is not a function.
 * @see mapAsync
 */
export function mapAsyncPartitioned<In, Out, P>(
  parallelism: number,
  partitioner: (element: In) => P,
  f: (element: In, partition: P) => PromiseLike<Out> | Out,
): Flow<In, Out, NotUsed> {
  requirePositiveInt('mapAsyncPartitioned', 'parallelism', parallelism);
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

class MapAsyncPartitionedLogic<In, Out, P>
  extends GraphStageLogic
  implements InHandler, OutHandler
{
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  /** Held elements in upstream order: waiting for their partition, in flight, or resolved. */
  private readonly queue: RingBuffer<Inflight<In, Out>>;
  private readonly free: Inflight<In, Out>[] = [];
  /** Partitions with a call in flight. */
  private readonly busy = new Set<unknown>();
  private readonly onDone: AsyncCallback<Inflight<In, Out>>;
  constructor(
    private readonly stage: MapAsyncPartitioned<In, Out, P>,
    private readonly decider: Decider | undefined,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.queue = new RingBuffer(stage.parallelism);
    this.onDone = this.getAsyncCallback((holder) => {
      this.completed(holder);
    });
    for (let i = 0; i < stage.parallelism; i++) this.free.push(new Inflight(this.onDone));
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
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
    const holder = this.free.pop() as Inflight<In, Out>; // we pull only while a holder is free
    holder.input = element;
    holder.partition = partition;
    this.queue.enqueue(holder);
    if (!this.busy.has(partition)) this.start(holder);
    this.pullIfRoom();
  }
  onPull(): void {
    this.pushHead();
  }
  onUpstreamFinish(): void {
    if (this.queue.isEmpty) this.completeStage();
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
  private completed(holder: Inflight<In, Out>): void {
    this.busy.delete(holder.partition);
    if (holder.status === Failed) this.supervise(holder.error);
    // The next element of the same partition may start now.
    for (const next of this.queue) {
      if (!next.isStarted && next.partition === holder.partition) {
        this.start(next);
        break;
      }
    }
    this.pushHead();
  }
  private pushHead(): void {
    for (;;) {
      const head = this.queue.peek();
      if (head === undefined || head.status === Pending) break;
      if (head.status === Failed || head.result === undefined || head.result === null) {
        this.recycle();
        continue;
      }
      if (!this.isAvailable(this.out)) break;
      const result = head.result;
      this.recycle();
      this.push(this.out, result);
      break;
    }
    if (this.isClosed(this.in)) {
      if (this.queue.isEmpty) this.completeStage();
    } else {
      this.pullIfRoom();
    }
  }
  private recycle(): void {
    const holder = this.queue.dequeue();
    holder.reset();
    this.free.push(holder);
  }
  private pullIfRoom(): void {
    if (this.free.length > 0 && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) {
      this.pull(this.in);
    }
  }
  private supervise(error: unknown): void {
    if (this.decider === undefined || this.decider(error) === 'stop') throw error;
  }
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Async `f`, one call per partition at a time, results in order; see {@link mapAsyncPartitioned}. */
    mapAsyncPartitioned<T, P>(
      parallelism: number,
      partitioner: (element: Out) => P,
      f: (element: Out, partition: P) => PromiseLike<T> | T,
    ): Source<T, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Async `f`, one call per partition at a time, results in order; see {@link mapAsyncPartitioned}. */
    mapAsyncPartitioned<T, P>(
      parallelism: number,
      partitioner: (element: Out) => P,
      f: (element: Out, partition: P) => PromiseLike<T> | T,
    ): Flow<In, T, Mat>;
  }
}
addFlowOperator('mapAsyncPartitioned', mapAsyncPartitioned);
