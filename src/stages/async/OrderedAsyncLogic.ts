import {
  type AsyncCallback,
  type Decider,
  type FlowShape,
  GraphStageLogic,
  type InHandler,
  type Inlet,
  type Outlet,
  type OutHandler,
  RingBuffer,
} from '../../core/index.js';
import { Failed, Inflight, Pending } from './Inflight.js';

/**
 * @internal What `mapAsync` and `mapAsyncPartitioned` share: up to `parallelism` reused holders,
 * a ring of the held ones in upstream order, and emission from its head. Subclasses decide in
 * `onPush` how a new element's call starts.
 */
export abstract class OrderedAsyncLogic<In, Out>
  extends GraphStageLogic
  implements InHandler, OutHandler
{
  protected readonly in: Inlet<In>;
  protected readonly out: Outlet<Out>;
  /** Held calls in upstream order, oldest first; never more than `parallelism`. */
  protected readonly queue: RingBuffer<Inflight<In, Out>>;
  /**
   * Holders not in use. One is created only when none is free, so together with `queue` there are
   * never more than `parallelism`, and a large parallelism costs nothing until it is used.
   */
  protected readonly free: Inflight<In, Out>[] = [];
  private readonly onDone: AsyncCallback<Inflight<In, Out>>;

  constructor(
    shape: FlowShape<In, Out>,
    parallelism: number,
    private readonly decider: Decider | undefined,
  ) {
    super(shape);
    this.in = shape.in;
    this.out = shape.out;
    this.queue = new RingBuffer(parallelism);
    this.onDone = this.getAsyncCallback((holder) => {
      if (holder.status === Failed) this.supervise(holder.error);
      this.settled(holder);
      this.pushHead();
    });
    this.setHandlers(this.in, this.out, this);
  }

  abstract onPush(): void;

  /** A held call settled (its failure was already supervised): start whatever it was blocking. */
  protected settled(_holder: Inflight<In, Out>): void {
    // mapAsync has nothing to start.
  }

  override preStart(): void {
    this.pull(this.in);
  }
  onPull(): void {
    this.pushHead();
  }
  onUpstreamFinish(): void {
    if (this.queue.isEmpty) this.completeStage();
  }

  /** Emits the oldest result if it is in and downstream wants it, skipping dropped ones. */
  protected pushHead(): void {
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
  /** A holder for a new call: a free one, or a new one while fewer than `parallelism` exist. */
  protected takeHolder(): Inflight<In, Out> {
    return this.free.pop() ?? new Inflight(this.onDone);
  }
  protected pullIfRoom(): void {
    if (!this.queue.isFull && !this.hasBeenPulled(this.in) && !this.isClosed(this.in)) {
      this.pull(this.in);
    }
  }
  /** Throws `error` unless the decider says to drop the element. */
  protected supervise(error: unknown): void {
    if (this.decider === undefined || this.decider(error) === 'stop') throw error;
  }
  private recycle(): void {
    const holder = this.queue.dequeue();
    holder.reset();
    this.free.push(holder);
  }
}
