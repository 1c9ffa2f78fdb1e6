import {
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  Outlet,
  type OutHandler,
  requireCapacity,
  RingBuffer,
  Source,
  SourceShape,
} from '../../core/index.js';
import { BufferOverflowError } from '../BufferOverflowError.js';
import { Deferred } from '../Deferred.js';
import { addSourceFactory } from '../fluent.js';
import { type OverflowStrategy, requireOverflowStrategy } from '../OverflowStrategy.js';

/** An offer could not be handled: the queue failed (its `cause` says why). */
export class QueueOfferFailure {
  readonly kind = 'failure';
  constructor(readonly cause: unknown) {}
}

/**
 * What happened to an offered element: `'enqueued'` (it will be emitted), `'dropped'` (the buffer
 * was full, with `dropNew`), `'queueClosed'` (the stream completed, was cancelled or stopped), or
 * a {@link QueueOfferFailure}.
 */
export type QueueOfferResult = 'enqueued' | 'dropped' | 'queueClosed' | QueueOfferFailure;

/** The materialized value of `Source.queue`: push elements into a running stream. */
export interface SourceQueue<T> {
  /**
   * Offers one element. With `backpressure` the promise resolves only once the element fits in
   * the buffer, and only one such offer may wait at a time (a second one gets a failure).
   */
  offer(element: T): Promise<QueueOfferResult>;
  /** Completes the stream once the buffered elements were emitted. */
  complete(): void;
  /** Fails the stream; buffered elements are dropped. */
  fail(error: unknown): void;
  /** Resolves when the stream completes or is cancelled; rejects when it fails. */
  watchCompletion(): Promise<void>;
}

/**
 * A source fed from outside through the {@link SourceQueue} it materializes, with a buffer of
 * `bufferSize` elements and `overflowStrategy` for a full buffer (`dropHead`, `dropTail`,
 * `dropBuffer`, `dropNew`, `backpressure`, `fail`).
 * - Emits when: an element is buffered and downstream pulls.
 * - Completes when: `complete()` was called and the buffer is drained.
 * - Fails when: `fail(error)` is called, or the buffer overflows with `fail`.
 * @throws RangeError if `bufferSize` is not an integer from 1 to 2**30; TypeError for an unknown strategy.
 * @see Sink.queue
 */
export function queue<T>(
  bufferSize: number,
  overflowStrategy: OverflowStrategy = 'dropNew',
): Source<T, SourceQueue<T>> {
  requireCapacity('Source.queue', 'bufferSize', bufferSize);
  requireOverflowStrategy('Source.queue', overflowStrategy);
  return Source.fromGraph(new QueueSource<T>(bufferSize, overflowStrategy));
}

/** One offer on its way into the stage, with the promise the caller holds. */
interface Offer<T> {
  readonly element: T;
  readonly result: Deferred<QueueOfferResult>;
}

type Command<T> = Offer<T> | { readonly complete: true } | { readonly fail: unknown };

class QueueSource<T> extends GraphStageWithMaterializedValue<SourceShape<T>, SourceQueue<T>> {
  readonly shape = new SourceShape(new Outlet<T>('queue.out'));
  constructor(
    readonly bufferSize: number,
    readonly overflowStrategy: OverflowStrategy,
  ) {
    super('queue');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, SourceQueue<T>] {
    const done = new Deferred<void>();
    const logic = new QueueLogic(this, done);
    return [logic, new Queue(logic.commands, done)];
  }
}

class Queue<T> implements SourceQueue<T> {
  constructor(
    private readonly commands: AsyncCallback<Command<T>>,
    private readonly done: Deferred<void>,
  ) {}
  offer(element: T): Promise<QueueOfferResult> {
    const result = new Deferred<QueueOfferResult>();
    // Once the stage stopped the command cannot be handled: the queue is closed.
    this.commands.invokeWithFeedback({ element, result }).catch(() => {
      result.resolve('queueClosed');
    });
    return result.promise;
  }
  complete(): void {
    this.commands.invoke({ complete: true });
  }
  fail(error: unknown): void {
    this.commands.invoke({ fail: error });
  }
  watchCompletion(): Promise<void> {
    return this.done.promise;
  }
}

class QueueLogic<T> extends GraphStageLogic implements OutHandler {
  readonly commands: AsyncCallback<Command<T>>;
  private readonly out: Outlet<T>;
  private readonly buffer: RingBuffer<T>;
  /** The one `backpressure` offer waiting for room. */
  private waiting: Offer<T> | undefined = undefined;
  private completing = false;
  constructor(
    private readonly stage: QueueSource<T>,
    private readonly done: Deferred<void>,
  ) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.buffer = new RingBuffer<T>(stage.bufferSize);
    this.setHandler(this.out, this);
    this.commands = this.getAsyncCallback((command: Command<T>) => {
      if ('element' in command) this.onOffer(command);
      else if ('complete' in command) this.onComplete();
      else this.failStage(command.fail);
    });
  }
  onPull(): void {
    if (this.buffer.isEmpty) return;
    this.push(this.out, this.buffer.dequeue());
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      this.buffer.enqueue(waiting.element);
      waiting.result.resolve('enqueued');
    }
    if (this.completing && this.buffer.length === 0) this.completeStage();
  }
  override failStage(error: unknown): void {
    this.done.reject(error);
    this.waiting?.result.resolve(new QueueOfferFailure(error));
    this.waiting = undefined;
    super.failStage(error);
  }
  override postStop(): void {
    this.done.resolve();
    this.waiting?.result.resolve('queueClosed');
  }
  private onComplete(): void {
    this.completing = true;
    this.waiting?.result.resolve('queueClosed');
    this.waiting = undefined;
    if (this.buffer.isEmpty) this.completeStage();
  }
  private onOffer(offer: Offer<T>): void {
    if (this.completing) {
      offer.result.resolve('queueClosed');
      return;
    }
    if (this.buffer.isEmpty && this.isAvailable(this.out)) {
      this.push(this.out, offer.element);
      offer.result.resolve('enqueued');
      return;
    }
    if (!this.buffer.isFull) {
      this.buffer.enqueue(offer.element);
      offer.result.resolve('enqueued');
      return;
    }
    switch (this.stage.overflowStrategy) {
      case 'dropHead':
        this.buffer.dequeue();
        break;
      case 'dropTail':
        this.buffer.dropTail();
        break;
      case 'dropBuffer':
        this.buffer.clear();
        break;
      case 'dropNew':
        offer.result.resolve('dropped');
        return;
      case 'backpressure':
        if (this.waiting === undefined) this.waiting = offer;
        else
          offer.result.resolve(
            new QueueOfferFailure(
              new Error(
                `${this.label}: cannot offer: another offer is already waiting for room; wait for its result first`,
              ),
            ),
          );
        return;
      case 'fail': {
        const error = new BufferOverflowError(
          `${this.label}: cannot offer: the buffer is full (${this.stage.bufferSize} elements)`,
          this.stage.bufferSize,
        );
        offer.result.resolve(new QueueOfferFailure(error));
        this.failStage(error);
        return;
      }
    }
    this.buffer.enqueue(offer.element);
    offer.result.resolve('enqueued');
  }
}

declare module '../../core/Source.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Source class
  namespace Source {
    /** A source fed through a materialized queue; see {@link queue}. */
    function queue<T>(
      bufferSize: number,
      overflowStrategy?: OverflowStrategy,
    ): Source<T, SourceQueue<T>>;
  }
}
addSourceFactory('queue', queue);
