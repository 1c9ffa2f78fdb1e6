import {
  type AsyncCallback,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  type InHandler,
  Inlet,
  type NotUsed,
  requirePositiveInt,
  Sink,
  SinkShape,
  type Source,
} from '../../core/index.js';
import {
  type ConsumerHub,
  HubEnd,
  type HubConsumerLogic,
  hubConsumerSource,
} from './HubConsumer.js';

/**
 * A dynamic fan-out: a sink that materializes a Source, which any number of consumers can
 * materialize; every consumer sees every element that arrives after it joined. The slowest
 * consumer sets the pace: the hub holds at most `bufferSize` elements that some consumer has not
 * seen, and with no consumer at all it does not pull (it backpressures rather than drop).
 * - Backpressures when: `bufferSize` elements are held for the slowest consumer, or there is no
 *   consumer.
 * - Completes when: upstream completes (each consumer completes after its remaining elements);
 *   consumers that join later complete at once.
 * - Fails when: upstream fails (every consumer fails with it).
 *
 * @example
 * ```ts
 * const events = producer.runWith(BroadcastHub.sink(256));
 * events.runForeach(log); events.runWith(Sink.seq());
 * ```
 */
export const BroadcastHub = {
  /**
   * The hub's sink.
   * @throws RangeError if `bufferSize` is not a positive integer.
   */
  sink<T>(bufferSize = 256): Sink<T, Source<T, NotUsed>> {
    requirePositiveInt('BroadcastHub.sink', 'bufferSize', bufferSize);
    return Sink.fromGraph(new BroadcastHubStage<T>(bufferSize));
  },
} as const;

class BroadcastHubStage<T> extends GraphStageWithMaterializedValue<
  SinkShape<T>,
  Source<T, NotUsed>
> {
  readonly shape = new SinkShape(new Inlet<T>('broadcastHub.in'));
  constructor(readonly bufferSize: number) {
    super('broadcastHub');
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, Source<T, NotUsed>] {
    const end = new HubEnd();
    const logic = new BroadcastHubLogic(this, end);
    return [logic, hubConsumerSource('broadcastHub', logic, end)];
  }
}

class BroadcastHubLogic<T> extends GraphStageLogic implements InHandler, ConsumerHub<T> {
  readonly register: AsyncCallback<HubConsumerLogic<T>>;
  readonly request: AsyncCallback<HubConsumerLogic<T>>;
  readonly unregister: AsyncCallback<HubConsumerLogic<T>>;
  private readonly in: Inlet<T>;
  /** Element with sequence number `s` sits at `s % bufferSize` until every consumer passed it. */
  private readonly buffer: (T | undefined)[];
  /** The sequence number the next element from upstream gets. */
  private head = 0;
  private readonly consumers = new Set<HubConsumerLogic<T>>();
  constructor(
    private readonly stage: BroadcastHubStage<T>,
    private readonly end: HubEnd,
  ) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.buffer = new Array<T | undefined>(stage.bufferSize).fill(undefined);
    this.setHandler(this.in, this);
    this.register = this.getAsyncCallback((consumer: HubConsumerLogic<T>) => {
      consumer.offset = this.head;
      this.consumers.add(consumer);
      this.pullIfRoom();
    });
    this.request = this.getAsyncCallback((consumer: HubConsumerLogic<T>) => {
      if (!this.consumers.has(consumer)) return;
      if (consumer.offset < this.head) this.deliverTo(consumer);
      else if (this.isClosed(this.in)) consumer.finish.invoke(undefined);
      else consumer.waiting = true;
      this.pullIfRoom();
    });
    this.unregister = this.getAsyncCallback((consumer: HubConsumerLogic<T>) => {
      this.consumers.delete(consumer);
      if (this.isClosed(this.in) && this.consumers.size === 0) this.completeStage();
      else this.pullIfRoom();
    });
  }
  override preStart(): void {
    // The hub outlives its upstream until every consumer has drained.
    this.setKeepGoing(true);
  }
  onPush(): void {
    this.buffer[this.head % this.stage.bufferSize] = this.grab(this.in);
    this.head++;
    for (const consumer of this.consumers) if (consumer.waiting) this.deliverTo(consumer);
    this.pullIfRoom();
  }
  onUpstreamFinish(): void {
    this.end.ended = true;
    // Completion needs no demand: consumers that saw everything complete now, the others once
    // their last element went out.
    for (const consumer of this.consumers) {
      if (consumer.offset === this.head) consumer.finish.invoke(undefined);
    }
    if (this.consumers.size === 0) this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.end.ended = true;
    this.end.failed = true;
    this.end.error = error;
    for (const consumer of this.consumers) consumer.failWith.invoke(error);
    this.failStage(error);
  }
  override postStop(): void {
    this.end.ended = true;
  }
  private deliverTo(consumer: HubConsumerLogic<T>): void {
    const element = this.buffer[consumer.offset % this.stage.bufferSize] as T; // offset < head
    consumer.offset++;
    consumer.waiting = false;
    consumer.deliver.invoke(element);
    if (consumer.offset === this.head && this.isClosed(this.in)) consumer.finish.invoke(undefined);
  }
  /** Pulls when some consumer exists and the slowest is less than `bufferSize` behind. */
  private pullIfRoom(): void {
    if (this.consumers.size === 0 || this.hasBeenPulled(this.in) || this.isClosed(this.in)) return;
    let slowest = this.head;
    for (const consumer of this.consumers) if (consumer.offset < slowest) slowest = consumer.offset;
    if (this.head - slowest < this.stage.bufferSize) this.pull(this.in);
  }
}
