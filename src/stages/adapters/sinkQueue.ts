import {
  AbruptTerminationError,
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  requireCapacity,
  RingBuffer,
  Sink,
  SinkShape,
} from '../../core/index.js';
import { Deferred } from '../Deferred.js';
import { addSinkFactory } from '../fluent.js';

/** The materialized value of `Sink.queue`: pull elements out of a running stream. */
export interface SinkQueue<T> {
  /**
   * The next element, or `undefined` once the stream completed; rejects with the stream's
   * failure. One pull at a time: a second pull while one waits rejects.
   */
  pull(): Promise<T | undefined>;
  /** Cancels the stream. */
  cancel(): void;
}

/**
 * A sink read from outside through the {@link SinkQueue} it materializes. It prefetches up to
 * `bufferSize` elements (default 1) and then backpressures until they are pulled.
 * - Backpressures when: `bufferSize` elements wait to be pulled.
 * - Completes when: upstream completes (pulls then drain the buffer, then give `undefined`).
 * - Cancels when: `cancel()` is called.
 * @throws RangeError if `bufferSize` is not an integer from 1 to 2**30.
 * @see Source.queue, Sink.asyncIterator
 */
export function sinkQueue<T>(bufferSize = 1): Sink<T, SinkQueue<T>> {
  requireCapacity('Sink.queue', 'bufferSize', bufferSize);
  return Sink.fromGraph(new QueueSink<T>(bufferSize));
}

type Command<T> = Deferred<T | undefined> | 'cancel';

class QueueSink<T> extends GraphStageWithMaterializedValue<SinkShape<T>, SinkQueue<T>> {
  readonly shape = new SinkShape(new Inlet<T>('queueSink.in'));
  constructor(readonly bufferSize: number) {
    super('queueSink');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, SinkQueue<T>] {
    const end = new End();
    const logic = new QueueSinkLogic(this, end);
    return [logic, new PullQueue(logic.commands, end)];
  }
}

/** How the stream ended, shared with the queue so that pulls after the stage stopped still answer. */
class End {
  ended = false;
  error: unknown = undefined;
  failed = false;
}

class PullQueue<T> implements SinkQueue<T> {
  constructor(
    private readonly commands: AsyncCallback<Command<T>>,
    private readonly end: End,
  ) {}
  pull(): Promise<T | undefined> {
    const result = new Deferred<T | undefined>();
    this.commands.invokeWithFeedback(result).catch(() => {
      if (this.end.failed) result.reject(this.end.error);
      else result.resolve(undefined);
    });
    return result.promise;
  }
  cancel(): void {
    this.commands.invoke('cancel');
  }
}

class QueueSinkLogic<T> extends GraphStageLogic implements InHandler {
  readonly commands: AsyncCallback<Command<T>>;
  private readonly in: Inlet<T>;
  private readonly buffer: RingBuffer<T>;
  private waiting: Deferred<T | undefined> | undefined = undefined;
  constructor(
    stage: QueueSink<T>,
    private readonly end: End,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.buffer = new RingBuffer<T>(stage.bufferSize);
    this.setHandler(this.in, this);
    this.commands = this.getAsyncCallback((command: Command<T>) => {
      if (command === 'cancel') this.completeStage();
      else this.onPullRequest(command);
    });
  }
  override preStart(): void {
    // Buffered elements stay readable after upstream completed: the stage stops once drained.
    this.setKeepGoing(true);
    this.pull(this.in);
  }
  onPush(): void {
    const element = this.grab(this.in);
    const waiting = this.waiting;
    if (waiting !== undefined) {
      this.waiting = undefined;
      waiting.resolve(element);
    } else {
      this.buffer.enqueue(element);
    }
    if (!this.buffer.isFull) this.pull(this.in);
  }
  onUpstreamFinish(): void {
    this.end.ended = true;
    if (this.buffer.isEmpty) this.finish();
  }
  onUpstreamFailure(error: unknown): void {
    this.end.ended = true;
    this.end.failed = true;
    this.end.error = error;
    if (this.buffer.isEmpty) this.finish();
  }
  override postStop(): void {
    if (!this.end.ended) {
      this.end.ended = true;
      this.end.failed = true;
      this.end.error = new AbruptTerminationError(
        `${this.label}: the stream stopped before it completed`,
      );
    }
    this.answerWaiting();
  }
  private onPullRequest(result: Deferred<T | undefined>): void {
    if (this.waiting !== undefined) {
      result.reject(
        new Error(`${this.label}: cannot pull: another pull is still waiting; await it first`),
      );
      return;
    }
    if (!this.buffer.isEmpty) {
      result.resolve(this.buffer.dequeue());
      if (this.end.ended) {
        if (this.buffer.length === 0) this.finish();
      } else if (!this.hasBeenPulled(this.in)) this.pull(this.in);
      return;
    }
    this.waiting = result;
  }
  private finish(): void {
    this.answerWaiting();
    if (this.end.failed) this.failStage(this.end.error);
    else this.completeStage();
  }
  private answerWaiting(): void {
    const waiting = this.waiting;
    if (waiting === undefined) return;
    this.waiting = undefined;
    if (this.end.failed) waiting.reject(this.end.error);
    else waiting.resolve(undefined);
  }
}

declare module '../../core/Sink.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Sink class
  namespace Sink {
    /** A sink read through a materialized pull queue; see {@link sinkQueue}. */
    function queue<T>(bufferSize?: number): Sink<T, SinkQueue<T>>;
  }
}
addSinkFactory('queue', sinkQueue);
