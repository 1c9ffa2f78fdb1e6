import {
  type Attributes,
  Flow,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  type InHandler,
  Inlet,
  type NotUsed,
  Outlet,
  type OutHandler,
  requireNonNegativeDuration,
  RingBuffer,
  TimerGraphStageLogic,
  type Repr,
} from '../../core/index.js';
import { BufferOverflowError } from '../BufferOverflowError.js';
import { addFlowOperator } from '../fluent.js';
import { type DelayOverflowStrategy, requireOverflowStrategy } from '../OverflowStrategy.js';

const strategies = [
  'emitEarly',
  'dropHead',
  'dropTail',
  'dropBuffer',
  'dropNew',
  'backpressure',
  'fail',
];

/** The buffer size when no `inputBuffer` attribute is set, as in Akka. */
const DefaultSize = 16;

/**
 * Holds each element for `delayMs` before emitting it. Up to the `inputBuffer` attribute's `max`
 * elements (16 by default) wait at once; when an element arrives and the buffer is full,
 * `overflowStrategy` decides: the {@link OverflowStrategy} ones, or `emitEarly` (emit the oldest
 * now, if downstream wants it, else backpressure).
 * - Emits when: the oldest element's delay has passed and downstream pulls.
 * - Backpressures when: the buffer is full and the strategy is `backpressure` (or `emitEarly`
 *   without demand).
 * - Completes when: upstream completes and every buffered element was emitted.
 * - Cancels when: downstream cancels.
 * @throws RangeError if `delayMs` is negative; TypeError for an unknown strategy.
 * @see initialDelay, throttle, buffer
 */
export function delay<T>(
  delayMs: number,
  overflowStrategy: DelayOverflowStrategy = 'dropTail',
): Flow<T, T, NotUsed> {
  requireNonNegativeDuration('delay', 'delayMs', delayMs);
  requireOverflowStrategy('delay', overflowStrategy, strategies);
  return Flow.fromGraph(new Delay<T>(delayMs, overflowStrategy));
}

class Delay<T> extends GraphStage<FlowShape<T, T>> {
  readonly shape = new FlowShape(new Inlet<T>('delay.in'), new Outlet<T>('delay.out'));
  constructor(
    readonly delayMs: number,
    readonly strategy: DelayOverflowStrategy,
  ) {
    super('delay');
  }
  createLogic(attributes: Attributes): GraphStageLogic {
    return new DelayLogic(this, attributes.get('inputBuffer')?.max ?? DefaultSize);
  }
}

// Elements and their due times sit in two parallel rings, so buffering allocates nothing.
class DelayLogic<T> extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<T>;
  private readonly out: Outlet<T>;
  private readonly elements: RingBuffer<T>;
  private readonly dueAt: RingBuffer<number>;
  constructor(
    private readonly stage: Delay<T>,
    private readonly size: number,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.elements = new RingBuffer(size);
    this.dueAt = new RingBuffer(size);
    this.setHandlers(this.in, this.out, this);
  }
  override preStart(): void {
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    if (this.elements.isFull) {
      switch (this.stage.strategy) {
        case 'emitEarly':
          // Only pulled again once there was room, so this is reached with demand.
          this.push(this.out, this.elements.dequeue());
          this.dueAt.dequeue();
          break;
        case 'dropHead':
          this.elements.dequeue();
          this.dueAt.dequeue();
          break;
        case 'dropTail':
          this.elements.dropTail();
          this.dueAt.dropTail();
          break;
        case 'dropBuffer':
          this.elements.clear();
          this.dueAt.clear();
          break;
        case 'dropNew':
          this.pull(this.in);
          return;
        case 'fail':
          this.failStage(
            new BufferOverflowError(
              `${this.label}: cannot delay an element: the buffer is full at ${this.size}`,
              this.size,
            ),
          );
          return;
        case 'backpressure':
          // Not reached: a full buffer does not pull under backpressure.
          break;
      }
    }
    const wasEmpty = this.elements.isEmpty;
    this.elements.enqueue(element);
    this.dueAt.enqueue(this.now() + this.stage.delayMs);
    if (wasEmpty) this.scheduleHead();
    this.pullIfRoom();
  }
  onPull(): void {
    this.emitDue();
  }
  protected onTimer(): void {
    this.emitDue();
  }
  onUpstreamFinish(): void {
    if (this.elements.isEmpty) this.completeStage();
  }
  private emitDue(): void {
    const due = this.dueAt.peek();
    if (due !== undefined && due <= this.now() && this.isAvailable(this.out)) {
      this.dueAt.dequeue();
      this.push(this.out, this.elements.dequeue());
      this.scheduleHead();
    }
    if (this.isClosed(this.in)) {
      if (this.elements.isEmpty) this.completeStage();
    } else {
      this.pullIfRoom();
    }
  }
  private scheduleHead(): void {
    const due = this.dueAt.peek();
    if (due === undefined) this.cancelTimer('due');
    else this.scheduleOnce('due', due - this.now());
  }
  private pullIfRoom(): void {
    if (this.hasBeenPulled(this.in) || this.isClosed(this.in)) return;
    const strategy = this.stage.strategy;
    const full = this.elements.isFull;
    if (!full || (strategy !== 'backpressure' && strategy !== 'emitEarly')) this.pull(this.in);
    else if (strategy === 'emitEarly' && this.isAvailable(this.out)) this.pull(this.in);
  }
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Holds each element for `delayMs`; see {@link delay}. */
    delay(delayMs: number, overflowStrategy?: DelayOverflowStrategy): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('delay', delay);
