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
 * @throws RangeError if `parallelism` is not a positive integer; TypeError if `f` is not a function.
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
  requirePositiveInt('mapAsync', 'parallelism', parallelism);
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

class MapAsyncLogic<In, Out> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<In>;
  private readonly out: Outlet<Out>;
  /** Calls in upstream order, oldest first; never more than `parallelism`. */
  private readonly queue: RingBuffer<Inflight<In, Out>>;
  /** Holders not in use; together with `queue` there are always exactly `parallelism`. */
  private readonly free: Inflight<In, Out>[] = [];
  private readonly onDone: AsyncCallback<Inflight<In, Out>>;
  constructor(
    private readonly stage: MapAsync<In, Out>,
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
    const holder = this.free.pop() as Inflight<In, Out>; // we pull only while a holder is free
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
  onPull(): void {
    this.pushHead();
  }
  onUpstreamFinish(): void {
    if (this.queue.isEmpty) this.completeStage();
  }
  private completed(holder: Inflight<In, Out>): void {
    if (holder.status === Failed) {
      this.supervise(holder.error);
    }
    this.pushHead();
  }
  /** Emits the oldest result if it is in and downstream wants it, skipping dropped ones. */
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
    /** Async `f` with bounded parallelism, results in order; see {@link mapAsync}. */
    mapAsync<T>(parallelism: number, f: (element: Out) => PromiseLike<T> | T): Source<T, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Async `f` with bounded parallelism, results in order; see {@link mapAsync}. */
    mapAsync<T>(parallelism: number, f: (element: Out) => PromiseLike<T> | T): Flow<In, T, Mat>;
  }
}
addFlowOperator('mapAsync', mapAsync);
