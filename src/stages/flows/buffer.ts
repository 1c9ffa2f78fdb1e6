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
  requireCapacity,
  RingBuffer,
  type Repr,
} from '../../core/index.js';
import { BufferOverflowError } from '../BufferOverflowError.js';
import { addFlowOperator } from '../fluent.js';
import { type OverflowStrategy, requireOverflowStrategy } from '../OverflowStrategy.js';

/**
 * Holds up to `size` elements between a faster upstream and a slower downstream, pulling upstream
 * eagerly. When an element arrives and the buffer is full, `overflowStrategy` decides (see
 * {@link OverflowStrategy}); it never holds more than `size`.
 * - Emits when: downstream pulls and the buffer is not empty.
 * - Backpressures when: the buffer is full and the strategy is `backpressure`.
 * - Completes when: upstream completes and the buffer is drained.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `size` is not an integer from 1 to 2**30; TypeError for an unknown strategy.
 * @see detach, conflate, batch
 */
export function buffer<T>(size: number, overflowStrategy: OverflowStrategy): Flow<T, T, NotUsed> {
  requireCapacity('buffer', 'size', size);
  requireOverflowStrategy('buffer', overflowStrategy);
  return Flow.fromGraph(new Buffer<T>(size, overflowStrategy));
}

class Buffer<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('buffer.in'), new Outlet<T>('buffer.out'));
  constructor(
    readonly size: number,
    readonly strategy: OverflowStrategy,
  ) {
    super('buffer');
  }
  createLogic(): GraphStageLogic {
    return new BufferLogic(this);
  }
}

class BufferLogic<T> extends GraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private readonly buffer: RingBuffer<T>;
  private readonly isBackpressure: boolean;
  constructor(private readonly stage: Buffer<T>) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.buffer = new RingBuffer(stage.size);
    this.isBackpressure = stage.strategy === 'backpressure';
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const buffer = this.buffer;
    if (this.buffer.isEmpty && this.isAvailable(this.out)) {
      this.push(this.out, element);
    } else if (!buffer.isFull) {
      buffer.enqueue(element);
    } else {
      switch (this.stage.strategy) {
        case 'dropHead':
          buffer.dequeue();
          buffer.enqueue(element);
          break;
        case 'dropTail':
          buffer.dropTail();
          buffer.enqueue(element);
          break;
        case 'dropBuffer':
          buffer.clear();
          buffer.enqueue(element);
          break;
        case 'dropNew':
          break;
        case 'fail':
          this.failStage(
            new BufferOverflowError(
              `${this.label}: cannot buffer an element: the buffer is full at ${this.stage.size}`,
              this.stage.size,
            ),
          );
          return;
        case 'backpressure':
          // Not reached: a full backpressuring buffer does not pull.
          break;
      }
    }
    if (!(this.isBackpressure && buffer.isFull)) this.pull(this.in);
  }
  onPull(): void {
    if (!this.buffer.isEmpty) this.push(this.out, this.buffer.dequeue());
    if (this.isClosed(this.in)) {
      if (this.buffer.isEmpty) this.completeStage();
    } else if (!this.hasBeenPulled(this.in)) {
      this.pull(this.in);
    }
  }
  onUpstreamFinish(): void {
    if (this.buffer.isEmpty) this.completeStage();
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** A bounded buffer with an overflow strategy; see {@link buffer}. */
    buffer(size: number, overflowStrategy: OverflowStrategy): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('buffer', buffer);
