import type { KafkaMessage } from 'kafkajs';
import {
  Attributes,
  GraphStageLogic,
  GraphStageWithMaterializedValue,
  Outlet,
  SourceShape,
  type AsyncCallback,
  type OutHandler,
} from '../../core/index.js';
import type { ConsumerRecord } from '../ConsumerMessage.js';
import type { KafkaRecordError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { TopicPartition } from '../TopicPartition.js';
import { SourceControl, type ConsumerMetrics, type ControlTarget } from './ConsumerControl.js';
import type { ConsumerDriver } from './ConsumerDriver.js';
import { DeadLetters } from './DeadLetters.js';
import { deserializeRecord } from './deserializeRecord.js';
import type { DriverClient, FetchedBatch } from './DriverClient.js';

/** @internal Builds a source's element from a record and the driver that read it. */
export type ElementFactory<K, V, T> = (record: ConsumerRecord<K, V>, driver: ConsumerDriver) => T;

/** @internal Where a source's consumer comes from: its own, or a shared one (external sources). */
export interface DriverSource {
  readonly driver: () => ConsumerDriver;
  /** Whether the source owns the driver: starts it and shuts it down when it stops. */
  readonly owned: boolean;
  /** The partitions the source reads of the driver's; all of them when undefined. */
  readonly partitions: readonly TopicPartition[] | undefined;
}

/**
 * @internal The stage behind every single-outlet consumer source: holds at most two fetches per
 * partition (the one it drains and the next, fetched meanwhile), emits their records on demand,
 * and asks the driver for partitions not yet fetching when the outlet is pulled and nothing is
 * buffered.
 */
export class KafkaSourceStage<K, V, T> extends GraphStageWithMaterializedValue<
  SourceShape<T>,
  SourceControl
> {
  readonly shape: SourceShape<T>;
  constructor(
    readonly name: string,
    readonly settings: ConsumerSettings<K, V>,
    readonly source: DriverSource,
    readonly element: ElementFactory<K, V, T>,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet<T>(`${name}.out`));
  }

  createLogicAndMaterializedValue(
    _inherited: Attributes,
  ): readonly [GraphStageLogic, SourceControl] {
    const control = new SourceControl();
    return [new KafkaSourceLogic(this, control), control];
  }
}

class KafkaSourceLogic<K, V, T>
  extends GraphStageLogic
  implements OutHandler, DriverClient, ControlTarget
{
  readonly fetchesPerPartition = 2;
  private readonly out: Outlet<T>;
  private driver: ConsumerDriver | undefined = undefined;
  /** Fetched batches not yet emitted, oldest first; at most two per partition. */
  private readonly batches: FetchedBatch[] = [];
  /** Index of the next record in `batches[0]`. */
  private index = 0;
  private buffered = 0;
  private readonly owned: Set<string> | undefined;
  private deadLetters: DeadLetters | undefined = undefined;
  /** A dead-letter send is in flight: nothing is emitted until it is acknowledged. */
  private waitingForDeadLetter = false;
  /** How the consumer is released when the stage stops: after stopTimeout, or at once. */
  private linger = true;
  private readonly onDeliver: AsyncCallback<FetchedBatch>;
  private readonly onRevoke: AsyncCallback<readonly TopicPartition[]>;
  private readonly onAssigned: AsyncCallback<readonly TopicPartition[]>;
  private readonly onFail: AsyncCallback<Error>;
  private readonly onStop: AsyncCallback<boolean>;
  private readonly onDeadLettered: AsyncCallback<KafkaRecordError | undefined>;

  constructor(
    private readonly stage: KafkaSourceStage<K, V, T>,
    private readonly control: SourceControl,
  ) {
    super(stage.shape);
    this.out = stage.shape.out;
    const parts = stage.source.partitions;
    this.owned =
      parts === undefined ? undefined : new Set(parts.map((tp) => `${tp.topic}/${tp.partition}`));
    this.setHandler(this.out, this);
    this.onDeliver = this.getAsyncCallback((batch) => {
      this.batches.push(batch);
      this.buffered += batch.messages.length;
      if (this.isAvailable(this.out)) this.emitNext();
    });
    this.onRevoke = this.getAsyncCallback((tps) => {
      this.dropBatches(tps);
    });
    this.onAssigned = this.getAsyncCallback(() => {
      if (this.batches.length === 0 && this.isAvailable(this.out)) this.driver?.demand(this);
    });
    this.onFail = this.getAsyncCallback((error) => {
      this.linger = false;
      this.failStage(error);
    });
    // stop: complete the outlet but keep the stage, and so the consumer, alive for the commits of
    // records still in the stream, until shutdown (Alpakka's performStop).
    this.onStop = this.getAsyncCallback((shutdown) => {
      if (shutdown) {
        this.linger = false;
        this.completeStage();
        return;
      }
      this.setKeepGoing(true);
      this.batches.length = 0;
      this.buffered = 0;
      this.complete(this.out);
    });
    this.onDeadLettered = this.getAsyncCallback((error) => {
      this.waitingForDeadLetter = false;
      if (error !== undefined) {
        this.linger = false;
        this.failStage(error);
      } else if (this.isAvailable(this.out)) {
        this.emitNext();
      }
    });
  }

  override preStart(): void {
    try {
      this.driver = this.stage.source.driver();
    } catch (e) {
      this.linger = false;
      this.failStage(e);
      this.control.markShutdown();
      return;
    }
    this.control.bind(this);
    this.driver.attach(this);
    if (this.stage.source.owned) {
      this.driver.start().catch(() => undefined); // failures reach consumerFailed() through failAll
    }
  }

  override postStop(): void {
    const driver = this.driver;
    if (driver === undefined) return;
    driver.detach(this);
    void this.deadLetters?.close().catch(() => undefined);
    this.batches.length = 0;
    this.buffered = 0;
    if (!this.stage.source.owned) {
      this.control.markShutdown();
      return;
    }
    void driver
      .shutdown(this.linger ? driver.settings.stopTimeout : 0)
      .catch(() => undefined)
      .then(() => {
        this.control.markShutdown();
      });
  }

  onPull(): void {
    this.emitNext();
  }

  onDownstreamFinish(cause: unknown): void {
    this.cancelStage(cause);
  }

  private emitNext(): void {
    const driver = this.driver;
    if (driver === undefined || this.waitingForDeadLetter) return;
    for (;;) {
      const batch = this.batches[0];
      if (batch === undefined) {
        driver.demand(this);
        return;
      }
      const message = batch.messages[this.index] as KafkaMessage;
      this.index++;
      this.buffered--;
      if (this.index >= batch.messages.length) {
        this.batches.shift();
        this.index = 0;
        driver.release(
          this,
          batch.topic,
          batch.partition,
          Number(message.offset) + 1,
          this.batches.length === 0,
        );
      }
      let record: ConsumerRecord<K, V>;
      try {
        record = deserializeRecord(
          this.stage.name,
          this.stage.settings,
          batch.topic,
          batch.partition,
          message,
        );
      } catch (e) {
        if (this.poison(e as KafkaRecordError, message)) continue;
        return;
      }
      driver.partitions.emitted(batch.topic, batch.partition, record.offset);
      this.push(this.out, this.stage.element(record, driver));
      return;
    }
  }

  /** Handles a poison record; true to go on with the next record. */
  private poison(error: KafkaRecordError, message: KafkaMessage): boolean {
    const driver = this.driver as ConsumerDriver;
    const handling = driver.settings.poisonRecords;
    if (handling === 'skip') return true;
    if (handling === 'fail') {
      this.linger = false;
      this.failStage(error);
      return false;
    }
    this.deadLetters ??= new DeadLetters(driver.kafkaClient, handling.deadLetterTopic);
    this.waitingForDeadLetter = true;
    void this.deadLetters.forward(this.stage.name, error, message).then((failure) => {
      this.onDeadLettered.invoke(failure);
    });
    return false;
  }

  private dropBatches(tps: readonly TopicPartition[]): void {
    const revoked = new Set(tps.map((tp) => `${tp.topic}/${tp.partition}`));
    for (let i = this.batches.length - 1; i >= 0; i--) {
      const b = this.batches[i] as FetchedBatch;
      if (!revoked.has(`${b.topic}/${b.partition}`)) continue;
      this.buffered -= i === 0 ? b.messages.length - this.index : b.messages.length;
      if (i === 0) this.index = 0;
      this.batches.splice(i, 1);
    }
    if (this.batches.length === 0 && this.isAvailable(this.out)) this.driver?.demand(this);
  }

  // ---- DriverClient: called by the driver from outside the stream ----

  owns(topic: string, partition: number): boolean {
    return this.owned === undefined || this.owned.has(`${topic}/${partition}`);
  }
  deliver(batch: FetchedBatch): void {
    this.onDeliver.invoke(batch);
  }
  assigned(partitions: readonly TopicPartition[]): void {
    this.onAssigned.invoke(partitions);
  }
  revoke(partitions: readonly TopicPartition[]): Promise<void> {
    return this.onRevoke.invokeWithFeedback(partitions).catch(() => undefined);
  }
  consumerFailed(error: Error): void {
    this.onFail.invoke(error);
  }

  // ---- ControlTarget ----

  stop(): Promise<void> {
    return this.onStop.invokeWithFeedback(false).catch(() => undefined);
  }
  async shutdown(): Promise<void> {
    await this.onStop.invokeWithFeedback(true).catch(() => undefined);
    const driver = this.driver;
    if (driver !== undefined && this.stage.source.owned) await driver.shutdown(0);
  }
  metrics(): ConsumerMetrics {
    return { partitions: this.driver?.partitions.metrics() ?? [], bufferedRecords: this.buffered };
  }
}
