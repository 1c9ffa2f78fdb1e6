import type { Message as KafkaMessage, Producer, RecordMetadata as KafkaMetadata } from 'kafkajs';
import {
  type AsyncCallback,
  type FlowShape,
  type InHandler,
  type Inlet,
  type Outlet,
  type OutHandler,
  RingBuffer,
  TimerGraphStageLogic,
} from '../../core/index.js';
import type { Envelope, ProducerRecord, Results } from '../ProducerMessage.js';
import type { ProducerSettings } from '../settings/ProducerSettings.js';
import { closeProducer } from './createProducer.js';
import { Entry, errorText, resultOf } from './Entry.js';
import { KafkaProducerError } from './KafkaProducerError.js';

export { Entry, errorText } from './Entry.js';

/** What a batch is sent through: the producer, or the open transaction. */
export interface Sender {
  sendBatch: Producer['sendBatch'];
}

/** @internal The entries of one `sendBatch` call and its answer. */
interface BatchOutcome<K, V, PT> {
  readonly entries: Entry<K, V, PT>[];
  readonly response: KafkaMetadata[] | undefined;
  readonly error: unknown;
}

/**
 * @internal The producer stage's logic, shared by `Producer.flexiFlow` and the transactional flow:
 * envelopes are serialized on arrival, queued in input order, and every message queued while no
 * batch is in flight goes out as one `sendBatch`. At most one batch is in flight: kafkajs keeps an
 * idempotent producer's sequence numbers per request and rolls them back when one fails, which is
 * only safe with one request at a time (Kafka's max.in.flight=1 for ordering). Results leave in
 * input order; `parallelism` bounds the envelopes held.
 */
export abstract class ProducerLogic<K, V, PT>
  extends TimerGraphStageLogic
  implements InHandler, OutHandler
{
  protected readonly in: Inlet<Envelope<K, V, PT>>;
  protected readonly out: Outlet<Results<K, V, PT>>;
  /** Entries in input order, oldest first; never more than `parallelism`. */
  protected readonly queue: RingBuffer<Entry<K, V, PT>>;
  private readonly free: Entry<K, V, PT>[] = [];
  /** Entries serialized but not yet sent: the next batch. */
  private next: Entry<K, V, PT>[] = [];
  /** Whether a `sendBatch` is in flight. */
  protected isSending = false;
  /** Whether a flush is scheduled for the end of this turn. */
  private isFlushScheduled = false;
  /** Set once the producer is connected (and, for transactions, the first one begun). */
  protected producer: Producer | undefined = undefined;
  protected isReady = false;
  /** Set while pulling is suspended: a transaction commits. */
  protected isSuspended = false;
  /** Set while the stage closes the producer after upstream finished. */
  protected isClosing = false;
  private readonly onBatch: AsyncCallback<BatchOutcome<K, V, PT>>;
  private readonly onFlush: AsyncCallback<undefined>;
  private readonly scheduleFlush = (): void => {
    this.onFlush.invoke(undefined);
  };

  constructor(
    shape: FlowShape<Envelope<K, V, PT>, Results<K, V, PT>>,
    protected readonly settings: ProducerSettings<K, V>,
  ) {
    super(shape);
    this.in = shape.in;
    this.out = shape.out;
    this.queue = new RingBuffer(settings.parallelism);
    for (let i = 0; i < settings.parallelism; i++) this.free.push(new Entry());
    this.onBatch = this.getAsyncCallback((outcome) => {
      this.batchDone(outcome);
    });
    this.onFlush = this.getAsyncCallback(() => {
      this.isFlushScheduled = false;
      this.flush();
    });
    this.setHandlers(this.in, this.out, this);
  }

  /** The sender for the next batch. */
  protected abstract get sender(): Sender;
  /** Upstream finished and every result was pushed: commit, close and complete. */
  protected abstract finish(): void;
  /** A send or serialization failed: abort if needed, then fail with `error`. */
  protected abstract failWith(error: unknown): void;

  /** Called once an envelope's messages are all acknowledged, before its result is pushed. */
  protected acknowledged(_entry: Entry<K, V, PT>): void {
    // The plain producer has nothing to record.
  }
  /** Whether a batch may go out now. */
  protected get canSend(): boolean {
    return this.producer !== undefined;
  }
  /** Whether no batch is in flight and none is waiting. */
  protected get isIdle(): boolean {
    return !this.isSending && this.next.length === 0;
  }
  /** Called when no batch is in flight and none is waiting. */
  protected idle(): void {
    // The plain producer has nothing to do.
  }

  protected onTimer(_key: unknown): void {
    // The plain producer sets no timers.
  }

  override preStart(): void {
    // Results and the producer's close outlive the inlet's completion.
    this.setKeepGoing(true);
  }

  onPush(): void {
    const envelope = this.grab(this.in);
    const entry = this.free.pop() as Entry<K, V, PT>; // we pull only while an entry is free
    entry.envelope = envelope;
    try {
      switch (envelope.kind) {
        case 'single':
          this.addMessage(entry, envelope.record);
          break;
        case 'multi':
          for (const record of envelope.records) this.addMessage(entry, record);
          break;
        case 'passThrough':
          break;
      }
    } catch (error) {
      entry.reset();
      this.free.push(entry);
      throw error;
    }
    this.queue.enqueue(entry);
    if (entry.unacked === 0) {
      this.acknowledged(entry);
      this.pushHead();
    } else {
      this.next.push(entry);
      if (!this.isFlushScheduled && !this.isSending) {
        // Whatever else arrives in this turn joins the same batch.
        this.isFlushScheduled = true;
        queueMicrotask(this.scheduleFlush);
      }
    }
    this.pullIfRoom();
  }

  onPull(): void {
    this.pushHead();
  }

  onUpstreamFinish(): void {
    this.checkFinished();
  }

  onUpstreamFailure(error: unknown): void {
    this.failWith(error);
  }

  onDownstreamFinish(cause: unknown): void {
    this.failWithCause(cause);
  }

  /** A downstream cancel: a failure cause fails the stage, a plain cancel completes it. */
  protected failWithCause(cause: unknown): void {
    this.cancelStage(cause);
  }

  private addMessage(entry: Entry<K, V, PT>, record: ProducerRecord<K, V>): void {
    const topic = record.topic;
    let key: Buffer | string | null = null;
    let value: Buffer | string | null = null;
    try {
      if (record.key !== undefined && record.key !== null) {
        key = this.settings.keySerializer.serialize(record.key, topic);
      }
      if (record.value !== null)
        value = this.settings.valueSerializer.serialize(record.value, topic);
    } catch (error) {
      throw new KafkaProducerError(
        this.label,
        topic,
        record.partition,
        `${this.label}: cannot serialize a record for topic '${topic}': ${errorText(error)}`,
        { cause: error },
      );
    }
    const message: KafkaMessage = {
      key,
      value,
      timestamp: String(record.timestamp ?? Date.now()),
    };
    if (record.partition !== undefined) message.partition = record.partition;
    if (record.headers !== undefined) message.headers = record.headers;
    entry.messages.push(message);
    entry.topics.push(topic);
    entry.unacked++;
  }

  /** Sends every waiting entry as one batch, unless a batch is in flight. */
  protected flush(): void {
    if (this.isSending || this.next.length === 0 || !this.canSend) return;
    const entries = this.next;
    this.next = [];
    const byTopic = new Map<string, KafkaMessage[]>();
    for (const entry of entries) {
      for (let i = 0; i < entry.messages.length; i++) {
        const topic = entry.topics[i] as string;
        let list = byTopic.get(topic);
        if (list === undefined) byTopic.set(topic, (list = []));
        list.push(entry.messages[i] as KafkaMessage);
      }
    }
    const topicMessages = [];
    for (const [topic, messages] of byTopic) topicMessages.push({ topic, messages });
    this.isSending = true;
    const onBatch = this.onBatch;
    const batch =
      this.settings.compression === undefined
        ? { topicMessages, acks: -1 }
        : { topicMessages, acks: -1, compression: this.settings.compression };
    this.sender.sendBatch(batch).then(
      (response) => {
        onBatch.invoke({ entries, response, error: undefined });
      },
      (error: unknown) => {
        onBatch.invoke({ entries, response: undefined, error });
      },
    );
  }

  private batchDone(outcome: BatchOutcome<K, V, PT>): void {
    this.isSending = false;
    if (outcome.response === undefined) {
      this.failWith(this.sendError(outcome.entries, outcome.error));
      return;
    }
    // kafkajs answers with one base offset per partition; the batch's messages of a partition
    // follow each other in our order.
    const nextOffset = new Map<string, KafkaMetadata>();
    const offsets = new Map<string, number>();
    for (const m of outcome.response) nextOffset.set(`${m.topicName}/${m.partition}`, m);
    for (const entry of outcome.entries) {
      for (let i = 0; i < entry.messages.length; i++) {
        const message = entry.messages[i] as KafkaMessage;
        const topic = entry.topics[i] as string;
        const partition = message.partition ?? -1;
        const key = `${topic}/${partition}`;
        const meta = nextOffset.get(key);
        const offset = offsets.get(key) ?? Number(meta?.baseOffset ?? -1);
        offsets.set(key, offset + 1);
        const logAppendTime = Number(meta?.logAppendTime ?? -1);
        entry.metadata.push({
          topic,
          partition,
          offset,
          timestamp: logAppendTime >= 0 ? logAppendTime : Number(message.timestamp),
        });
      }
      entry.unacked = 0;
      this.acknowledged(entry);
    }
    this.pushHead();
    this.flush();
    this.afterBatch();
  }

  /** Runs `idle` or the finishing steps once nothing is in flight. */
  protected afterBatch(): void {
    if (this.isSending || this.next.length > 0) return;
    this.idle();
    this.checkFinished();
  }

  private sendError(entries: readonly Entry<K, V, PT>[], cause: unknown): KafkaProducerError {
    const places: string[] = [];
    let first: { topic: string; partition: number | undefined } | undefined;
    for (const entry of entries) {
      for (let i = 0; i < entry.messages.length; i++) {
        const topic = entry.topics[i] as string;
        const partition = (entry.messages[i] as KafkaMessage).partition;
        first ??= { topic, partition };
        const place = partition === undefined ? topic : `${topic}/${partition}`;
        if (!places.includes(place)) places.push(place);
      }
    }
    const shown = places.length > 5 ? `${places.slice(0, 5).join(', ')}, ...` : places.join(', ');
    return new KafkaProducerError(
      this.label,
      first?.topic ?? '',
      first?.partition,
      `${this.label}: cannot send to ${shown}: ${errorText(cause)}`,
      { cause },
    );
  }

  /** Pushes the oldest result if it is complete and downstream wants it. */
  protected pushHead(): void {
    const head = this.queue.peek();
    if (head?.unacked === 0 && this.isAvailable(this.out)) {
      this.queue.dequeue();
      const result = resultOf(head);
      head.reset();
      this.free.push(head);
      this.push(this.out, result);
    }
    this.pullIfRoom();
    this.checkFinished();
  }

  protected pullIfRoom(): void {
    if (
      this.isReady &&
      !this.isSuspended &&
      this.free.length > 0 &&
      !this.hasBeenPulled(this.in) &&
      !this.isClosed(this.in)
    ) {
      this.pull(this.in);
    }
  }

  private checkFinished(): void {
    if (
      this.isClosed(this.in) &&
      this.queue.isEmpty &&
      !this.isSending &&
      !this.isClosing &&
      this.isReady
    ) {
      this.isClosing = true;
      this.finish();
    }
  }

  /** Closes the producer (bounded by `closeTimeout`) and runs `then` inside the stage. */
  protected closeThen(then: () => void): void {
    const producer = this.producer;
    this.producer = undefined;
    if (producer === undefined) {
      then();
      return;
    }
    const callback = this.getAsyncCallback(then);
    void closeProducer(producer, this.settings.closeTimeout).then(() => {
      callback.invoke(undefined);
    });
  }

  override postStop(): void {
    // Stopped by a failure or a cancel: release the connection in the background.
    const producer = this.producer;
    this.producer = undefined;
    if (producer !== undefined) void closeProducer(producer, this.settings.closeTimeout);
  }
}
