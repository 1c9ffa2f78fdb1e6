import {
  type AsyncCallback,
  type NotUsed,
  requirePositiveInt,
  Sink,
  type Source,
} from '../../core/index.js';
import { FanOutHubLogic, FanOutHubStage } from './FanOutHub.js';
import type { ConsumerHub, HubConsumerLogic, HubEnd } from './HubConsumer.js';

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

class BroadcastHubStage<T> extends FanOutHubStage<T> {
  constructor(readonly bufferSize: number) {
    super('broadcastHub');
  }
  protected createHubLogic(end: HubEnd): BroadcastHubLogic<T> {
    return new BroadcastHubLogic(this, end);
  }
}

class BroadcastHubLogic<T> extends FanOutHubLogic<T> implements ConsumerHub<T> {
  readonly register: AsyncCallback<HubConsumerLogic<T>>;
  readonly request: AsyncCallback<HubConsumerLogic<T>>;
  readonly unregister: AsyncCallback<HubConsumerLogic<T>>;
  /** Element with sequence number `s` sits at `s % bufferSize` until every consumer passed it. */
  private readonly buffer: (T | undefined)[];
  /** The sequence number the next element from upstream gets. */
  private head = 0;
  private readonly consumers = new Set<HubConsumerLogic<T>>();
  constructor(
    private readonly stage: BroadcastHubStage<T>,
    end: HubEnd,
  ) {
    super(stage.shape, end);
    this.buffer = new Array<T | undefined>(stage.bufferSize).fill(undefined);
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
    this.failConsumers(error, this.consumers);
    this.failStage(error);
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
