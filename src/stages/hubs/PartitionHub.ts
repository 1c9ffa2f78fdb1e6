import {
  type AsyncCallback,
  type NotUsed,
  requireFunction,
  requireNonNegativeInt,
  requirePositiveInt,
  Sink,
  type Source,
} from '../../core/index.js';
import { PartitionOutOfBoundsError } from '../fanOut/partition.js';
import { FanOutHubLogic, FanOutHubStage } from './FanOutHub.js';
import type { ConsumerHub, HubConsumerLogic, HubEnd } from './HubConsumer.js';

/**
 * A dynamic partition: a sink that materializes a Source, which any number of consumers can
 * materialize; each element goes to exactly one consumer, the one at index
 * `partitioner(consumerCount, element)` among the consumers in the order they joined. At most
 * `bufferSize` elements wait across all consumers; nothing is pulled until
 * `startAfterNrOfConsumers` consumers (at least one) have joined. Elements routed to a consumer
 * that then cancels are dropped.
 * - Backpressures when: `bufferSize` elements wait, or too few consumers joined.
 * - Completes when: upstream completes (each consumer completes after its remaining elements).
 * - Fails when: upstream fails, or `partitioner` returns an index out of range
 *   ({@link PartitionOutOfBoundsError}, naming the stage).
 */
export const PartitionHub = {
  /**
   * The hub's sink.
   * @throws RangeError for a bad `startAfterNrOfConsumers` or `bufferSize`; TypeError if
   *   `partitioner` is not a function.
   */
  sink<T>(
    partitioner: (consumerCount: number, element: T) => number,
    startAfterNrOfConsumers = 0,
    bufferSize = 256,
  ): Sink<T, Source<T, NotUsed>> {
    requireFunction('PartitionHub.sink', 'partitioner', partitioner);
    requireNonNegativeInt('PartitionHub.sink', 'startAfterNrOfConsumers', startAfterNrOfConsumers);
    requirePositiveInt('PartitionHub.sink', 'bufferSize', bufferSize);
    return Sink.fromGraph(new PartitionHubStage(partitioner, startAfterNrOfConsumers, bufferSize));
  },
} as const;

class PartitionHubStage<T> extends FanOutHubStage<T> {
  constructor(
    readonly partitioner: (consumerCount: number, element: T) => number,
    readonly startAfterNrOfConsumers: number,
    readonly bufferSize: number,
  ) {
    super('partitionHub');
  }
  protected createHubLogic(end: HubEnd): PartitionHubLogic<T> {
    return new PartitionHubLogic(this, end);
  }
}

class PartitionHubLogic<T> extends FanOutHubLogic<T> implements ConsumerHub<T> {
  readonly register: AsyncCallback<HubConsumerLogic<T>>;
  readonly request: AsyncCallback<HubConsumerLogic<T>>;
  readonly unregister: AsyncCallback<HubConsumerLogic<T>>;
  /** Consumers in the order they joined: the partitioner's indexes. */
  private readonly consumers: HubConsumerLogic<T>[] = [];
  /** Elements waiting in the consumers' queues, all together; at most `bufferSize`. */
  private queued = 0;
  private readonly minConsumers: number;
  constructor(
    private readonly stage: PartitionHubStage<T>,
    end: HubEnd,
  ) {
    super(stage.shape, end);
    this.minConsumers = Math.max(1, stage.startAfterNrOfConsumers);
    this.register = this.getAsyncCallback((consumer: HubConsumerLogic<T>) => {
      this.consumers.push(consumer);
      this.pullIfRoom();
    });
    this.request = this.getAsyncCallback((consumer: HubConsumerLogic<T>) => {
      if (!this.consumers.includes(consumer)) return;
      const element = consumer.queue.shift();
      if (element !== undefined) {
        this.queued--;
        consumer.deliver.invoke(element);
        if (consumer.queue.length === 0 && this.isClosed(this.in))
          consumer.finish.invoke(undefined);
        this.pullIfRoom();
      } else if (this.isClosed(this.in)) consumer.finish.invoke(undefined);
      else consumer.waiting = true;
    });
    this.unregister = this.getAsyncCallback((consumer: HubConsumerLogic<T>) => {
      const index = this.consumers.indexOf(consumer);
      if (index < 0) return;
      this.consumers.splice(index, 1);
      this.queued -= consumer.queue.length;
      consumer.queue.length = 0;
      if (this.isClosed(this.in) && this.consumers.length === 0) this.completeStage();
      else this.pullIfRoom();
    });
  }
  onPush(): void {
    const element = this.grab(this.in);
    const count = this.consumers.length;
    const index = this.stage.partitioner(count, element);
    const consumer = Number.isInteger(index) ? this.consumers[index] : undefined;
    if (consumer === undefined) {
      this.failStage(new PartitionOutOfBoundsError(this.label, index, count));
      return;
    }
    if (consumer.waiting) {
      consumer.waiting = false;
      consumer.deliver.invoke(element);
    } else {
      consumer.queue.push(element);
      this.queued++;
    }
    this.pullIfRoom();
  }
  onUpstreamFinish(): void {
    this.end.ended = true;
    // Completion needs no demand: consumers with nothing left complete now, the others once
    // their last element went out.
    for (const consumer of this.consumers) {
      if (consumer.queue.length === 0) consumer.finish.invoke(undefined);
    }
    if (this.consumers.length === 0) this.completeStage();
  }
  onUpstreamFailure(error: unknown): void {
    this.failStage(error);
  }
  override failStage(error: unknown): void {
    this.failConsumers(error, this.consumers);
    super.failStage(error);
  }
  private pullIfRoom(): void {
    if (
      this.consumers.length >= this.minConsumers &&
      this.queued < this.stage.bufferSize &&
      !this.hasBeenPulled(this.in) &&
      !this.isClosed(this.in)
    )
      this.pull(this.in);
  }
}
