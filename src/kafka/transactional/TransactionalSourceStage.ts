import {
  Kafka,
  type ConsumerConfig,
  type IHeaders,
  type KafkaConfig,
  type KafkaMessage,
} from 'kafkajs';
import {
  type AsyncCallback,
  type GraphStageLogic,
  GraphStageWithMaterializedValue,
  isFailureCause,
  Outlet,
  type OutHandler,
  SourceShape,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { errorText } from '../producer/ProducerLogic.js';
import type { TransactionalOffset } from '../Transactional.js';
import { HeldBatch, InFlightTracker } from './InFlightTracker.js';
import { TransactionalControl } from './TransactionalControl.js';

/** A consumed record, deserialized. */
export interface TransactionalRecord<K, V> {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: K;
  readonly value: V;
  readonly headers: IHeaders;
  readonly timestamp: number;
}

/** What `Transactional.source` emits: the record and the offset its transaction commits. */
export interface TransactionalMessage<K, V> {
  readonly record: TransactionalRecord<K, V>;
  readonly partitionOffset: TransactionalOffset;
}

/** @internal Everything the transactional source stage needs, resolved from the public settings. */
export interface TransactionalSourceConfig<K, V> {
  readonly name: string;
  readonly client: KafkaConfig;
  readonly consumer: ConsumerConfig;
  readonly topics: readonly (string | RegExp)[];
  readonly fromBeginning: boolean;
  readonly deserializeKey: (data: Buffer | null, topic: string) => K;
  readonly deserializeValue: (data: Buffer | null, topic: string) => V;
  /** How long emitted records may stay uncommitted before the source fails, in ms. */
  readonly commitTimeout: number;
  /** Bound on closing the consumer, in ms. */
  readonly closeTimeout: number;
  /** Batches of different partitions handled at once by kafkajs. */
  readonly partitionsConsumedConcurrently: number;
}

/** One fetched batch on its way out of the stage. */
interface Arrived {
  readonly held: HeldBatch;
  readonly messages: KafkaMessage[];
}

const CommitTimeout = 'commitTimeout';

/** @internal The stage behind `Transactional.source`. */
export class TransactionalSourceStage<K, V> extends GraphStageWithMaterializedValue<
  SourceShape<TransactionalMessage<K, V>>,
  TransactionalControl
> {
  readonly shape: SourceShape<TransactionalMessage<K, V>>;
  constructor(readonly config: TransactionalSourceConfig<K, V>) {
    super(config.name);
    this.shape = new SourceShape(new Outlet(`${config.name}.out`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, TransactionalControl] {
    const tracker = new InFlightTracker();
    const control = new TransactionalControl(tracker, this.config.commitTimeout);
    const logic = new TransactionalSourceLogic(this, tracker, control);
    control.attach(logic.stopCallback);
    return [logic, control];
  }
}

/**
 * Emits the records kafkajs hands to `eachBatch`, holding each `eachBatch` call until a
 * transaction committed the batch's last record: so at most one fetch per partition is buffered,
 * and kafkajs (which rejoins only once every `eachBatch` returned) cannot complete a rebalance
 * while records of a revoked partition are uncommitted.
 */
class TransactionalSourceLogic<K, V> extends TimerGraphStageLogic implements OutHandler {
  private readonly out: Outlet<TransactionalMessage<K, V>>;
  private readonly arrived: Arrived[] = [];
  /** Index of the next message of `arrived[0]`. */
  private position = 0;
  /** Set when the stage fails or is cancelled by a failure: nothing emitted will commit. */
  private hasFailed = false;
  readonly stopCallback: AsyncCallback<undefined>;
  private readonly onBatch: AsyncCallback<Arrived>;
  private readonly onFailure: AsyncCallback<unknown>;

  constructor(
    private readonly stage: TransactionalSourceStage<K, V>,
    private readonly tracker: InFlightTracker,
    private readonly control: TransactionalControl,
  ) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.setHandler(this.out, this);
    this.stopCallback = this.getAsyncCallback(() => {
      this.completeStage();
    });
    this.onBatch = this.getAsyncCallback((batch) => {
      this.arrived.push(batch);
      if (this.isAvailable(this.out)) this.emitNext();
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.failStage(error);
    });
  }

  override preStart(): void {
    const config = this.stage.config;
    const consumer = new Kafka(config.client).consumer({
      ...config.consumer,
      // Only committed input: an aborted upstream transaction must not be processed.
      readUncommitted: false,
    });
    this.control.consumerReady(consumer, config.closeTimeout);
    const onBatch = this.onBatch;
    const onFailure = this.onFailure;
    const start = async (): Promise<void> => {
      await consumer.connect();
      await consumer.subscribe({ topics: [...config.topics], fromBeginning: config.fromBeginning });
      await consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: config.partitionsConsumedConcurrently,
        eachBatch: async ({ batch }) => {
          if (batch.isEmpty()) return;
          const held = new HeldBatch(batch.topic, batch.partition, Number(batch.lastOffset()));
          try {
            await onBatch.invokeWithFeedback({ held, messages: batch.messages });
          } catch {
            // The stage stopped: nothing was emitted from this batch; it will be fetched again.
            held.done();
          }
          await held.released;
        },
      });
    };
    start().catch((error: unknown) => {
      onFailure.invoke(
        new Error(`${this.label}: cannot start the consumer: ${errorText(error)}`, {
          cause: error,
        }),
      );
    });
    consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) {
        onFailure.invoke(
          new Error(`${this.label}: the consumer crashed: ${errorText(event.payload.error)}`, {
            cause: event.payload.error,
          }),
        );
      }
    });
  }

  onPull(): void {
    this.emitNext();
  }

  onDownstreamFinish(cause: unknown): void {
    if (isFailureCause(cause)) this.hasFailed = true;
    this.cancelStage(cause);
  }

  override failStage(error: unknown): void {
    this.hasFailed = true;
    super.failStage(error);
  }

  private emitNext(): void {
    const head = this.arrived[0];
    if (head === undefined) return;
    const message = head.messages[this.position] as KafkaMessage; // position < length
    this.position++;
    this.push(this.out, this.toMessage(head.held, message));
    if (this.position === head.messages.length) {
      this.arrived.shift();
      this.position = 0;
      this.tracker.await(head.held, Number(message.offset), this.now());
      if (!this.isTimerActive(CommitTimeout) && this.tracker.waiting.length > 0) {
        this.scheduleOnce(CommitTimeout, this.stage.config.commitTimeout);
      }
    }
  }

  private toMessage(held: HeldBatch, message: KafkaMessage): TransactionalMessage<K, V> {
    const config = this.stage.config;
    const { topic, partition } = held;
    const offset = Number(message.offset);
    let key: K;
    let value: V;
    try {
      key = config.deserializeKey(message.key, topic);
      value = config.deserializeValue(message.value, topic);
    } catch (error) {
      throw new Error(
        `${this.label}: cannot deserialize the record at ${topic}/${partition}@${offset}: ${errorText(error)}`,
        { cause: error },
      );
    }
    return {
      record: {
        topic,
        partition,
        offset,
        key,
        value,
        headers: message.headers ?? {},
        timestamp: Number(message.timestamp),
      },
      partitionOffset: {
        key: { groupId: config.consumer.groupId, topic, partition },
        offset,
        committedMarker: this.tracker,
      },
    };
  }

  protected onTimer(): void {
    const oldest = this.tracker.waiting[0];
    if (oldest === undefined) return;
    const age = this.now() - oldest.emittedAt;
    const limit = this.stage.config.commitTimeout;
    if (age < limit) {
      this.scheduleOnce(CommitTimeout, limit - age);
      return;
    }
    this.failStage(
      new Error(
        `${this.label}: records of ${oldest.key} up to offset ${oldest.target} were emitted but not committed within ${limit} ms; every record must reach a transactional sink (send records you drop as ProducerMessage.passThrough)`,
      ),
    );
  }

  override postStop(): void {
    // Records emitted from a batch still waiting to be emitted in full: that part must commit
    // before kafkajs goes on; nothing emitted means the batch is simply fetched again.
    const head = this.arrived[0];
    if (head !== undefined && this.position > 0) {
      const last = head.messages[this.position - 1] as KafkaMessage;
      this.tracker.await(head.held, Number(last.offset), this.now());
    } else if (head !== undefined) {
      head.held.done();
    }
    for (let i = 1; i < this.arrived.length; i++) (this.arrived[i] as Arrived).held.done();
    this.arrived.length = 0;
    if (this.hasFailed) this.tracker.releaseAll();
    this.control.sourceStopped();
  }
}
