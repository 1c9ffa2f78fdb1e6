import {
  type AsyncCallback,
  type NotUsed,
  requireCapacity,
  Sink,
  type Source,
} from '../../core/index.js';
import { FanOutHubLogic, FanOutHubStage } from './FanOutHub.js';
import type { ConsumerHub, HubConsumerLogic, HubEnd } from './HubConsumer.js';

/** Slots the buffer holds before it first grows (a power of two). */
const InitialSlots = 16;

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
   * @throws RangeError if `bufferSize` is not an integer from 1 to 2**30.
   */
  sink<T>(bufferSize = 256): Sink<T, Source<T, NotUsed>> {
    requireCapacity('BroadcastHub.sink', 'bufferSize', bufferSize);
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
  /**
   * Element with sequence number `s` sits at `s & (buffer.length - 1)` until every consumer passed
   * it. The length is a power of two that starts small and doubles while more elements are held,
   * up to `bufferSize` rounded up, so a large bound costs memory only when it is used.
   */
  private buffer: (T | undefined)[];
  /** The sequence number the next element from upstream gets. */
  private head = 0;
  /** The slowest consumer's offset when upstream was last pulled: no older element is needed. */
  private slowest = 0;
  private readonly consumers = new Set<HubConsumerLogic<T>>();
  constructor(
    private readonly stage: BroadcastHubStage<T>,
    end: HubEnd,
  ) {
    super(stage.shape, end);
    this.buffer = new Array<T | undefined>(InitialSlots).fill(undefined);
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
    if (this.head - this.slowest >= this.buffer.length) this.grow();
    this.buffer[this.head & (this.buffer.length - 1)] = this.grab(this.in);
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
    const element = this.buffer[consumer.offset & (this.buffer.length - 1)] as T; // offset < head
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
    this.slowest = slowest;
    if (this.head - slowest < this.stage.bufferSize) this.pull(this.in);
  }
  /** Doubles the buffer, moving the elements some consumer still needs to their new slots. */
  private grow(): void {
    const next = new Array<T | undefined>(this.buffer.length * 2).fill(undefined);
    const oldMask = this.buffer.length - 1;
    const newMask = next.length - 1;
    for (let s = this.slowest; s < this.head; s++) next[s & newMask] = this.buffer[s & oldMask];
    this.buffer = next;
  }
}
