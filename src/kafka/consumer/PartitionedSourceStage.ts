import type { KafkaMessage } from 'kafkajs';
import {
  Attributes,
  GraphStageWithMaterializedValue,
  NotUsed,
  Outlet,
  SourceShape,
  SubSourceOutlet,
  TimerGraphStageLogic,
  type AsyncCallback,
  type GraphStageLogic,
  type OutHandler,
  type Source,
} from '../../core/index.js';
import type { KafkaRecordError } from '../errors.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import { tpKey, type TopicPartition } from '../TopicPartition.js';
import { SourceControl, type ConsumerMetrics, type ControlTarget } from './ConsumerControl.js';
import { ConsumerDriver } from './ConsumerDriver.js';
import { DeadLetters } from './DeadLetters.js';
import { deserializeRecord } from './deserializeRecord.js';
import type { DriverClient, FetchedBatch } from './DriverClient.js';
import type { ElementFactory } from './KafkaSourceStage.js';
import type { Subscription } from '../Subscriptions.js';

/** A partition's start offset, as `getOffsetsOnAssign` returns it. */
export interface TopicPartitionOffset extends TopicPartition {
  readonly offset: number;
}

/** @internal What the partitioned stage needs beyond a plain source. */
export interface PartitionedOptions {
  /** Start offsets of newly assigned partitions (manual-offset variants). */
  readonly getOffsetsOnAssign:
    | ((partitions: readonly TopicPartition[]) => Promise<readonly TopicPartitionOffset[]>)
    | undefined;
  readonly commits: boolean;
}

interface Sub<T> {
  readonly tp: TopicPartition;
  readonly outlet: SubSourceOutlet<T>;
  batch: FetchedBatch | undefined;
  index: number;
  /** Revoked, to be completed after `waitClosePartition` unless assigned again first. */
  closing: boolean;
  /** A poison record's dead-letter send is in flight: nothing is pushed until it is acknowledged. */
  deadLettering: boolean;
}

const CLOSE = 'closeRevoked';

/**
 * @internal One sub-source per assigned partition, each with its own demand: a partition is
 * fetched only when its sub-source is pulled and holds at most one fetch (each sub-source pays
 * its own fetch round trip; fetching ahead is for the single-outlet sources). Revoked partitions lose
 * their buffered records at once and their sub-sources complete after `waitClosePartition` unless
 * the partition comes back first; a cancelled sub-source is emitted again, starting at its first
 * record not emitted.
 */
export class PartitionedSourceStage<K, V, T> extends GraphStageWithMaterializedValue<
  SourceShape<readonly [TopicPartition, Source<T, NotUsed>]>,
  SourceControl
> {
  readonly shape: SourceShape<readonly [TopicPartition, Source<T, NotUsed>]>;
  constructor(
    readonly name: string,
    readonly settings: ConsumerSettings<K, V>,
    readonly subscription: Subscription,
    readonly options: PartitionedOptions,
    readonly element: ElementFactory<K, V, T>,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet(`${name}.out`));
  }

  createLogicAndMaterializedValue(_: Attributes): readonly [GraphStageLogic, SourceControl] {
    const control = new SourceControl();
    return [new PartitionedLogic(this, control), control];
  }
}

class PartitionedLogic<K, V, T>
  extends TimerGraphStageLogic
  implements OutHandler, DriverClient, ControlTarget
{
  readonly fetchesPerPartition = 1;
  private driver: ConsumerDriver | undefined = undefined;
  private readonly subs = new Map<string, Sub<T>>();
  private linger = true;
  private readonly onAssigned: AsyncCallback<
    readonly TopicPartitionOffset[] | readonly TopicPartition[]
  >;
  private readonly onDeliver: AsyncCallback<FetchedBatch>;
  private readonly onRevoke: AsyncCallback<readonly TopicPartition[]>;
  private readonly onFail: AsyncCallback<unknown>;
  private readonly onStop: AsyncCallback<boolean>;
  private readonly onDeadLettered: AsyncCallback<readonly [Sub<T>, KafkaRecordError | undefined]>;
  private deadLetters: DeadLetters | undefined = undefined;

  constructor(
    private readonly stage: PartitionedSourceStage<K, V, T>,
    private readonly control: SourceControl,
  ) {
    super(stage.shape);
    this.setHandler(stage.shape.out, this);
    this.onAssigned = this.getAsyncCallback((tps) => {
      this.open(tps);
    });
    this.onDeliver = this.getAsyncCallback((batch) => {
      const sub = this.subs.get(tpKey(batch.topic, batch.partition));
      if (sub === undefined || sub.closing) return;
      sub.batch = batch;
      sub.index = 0;
      if (sub.outlet.isAvailable()) this.pushNext(sub);
    });
    this.onRevoke = this.getAsyncCallback((tps) => {
      for (const tp of tps) {
        const sub = this.subs.get(tpKey(tp.topic, tp.partition));
        if (sub === undefined) continue;
        sub.batch = undefined;
        sub.closing = true;
      }
      this.scheduleOnce(CLOSE, this.stage.settings.waitClosePartition);
    });
    this.onFail = this.getAsyncCallback((error) => {
      this.linger = false;
      this.failStage(error);
    });
    this.onDeadLettered = this.getAsyncCallback(([sub, failure]) => {
      sub.deadLettering = false;
      if (failure !== undefined) {
        this.linger = false;
        this.failStage(failure);
      } else if (sub.outlet.isAvailable()) {
        this.pushNext(sub);
      }
    });
    // stop keeps the stage (and the consumer) alive for late commits until shutdown.
    this.onStop = this.getAsyncCallback((shutdown) => {
      if (shutdown) this.linger = false;
      else this.setKeepGoing(true);
      this.stopAll(!shutdown);
    });
  }

  override preStart(): void {
    const { name, settings, subscription, options } = this.stage;
    try {
      this.driver = new ConsumerDriver(name, settings, subscription, options.commits);
    } catch (e) {
      this.linger = false;
      this.failStage(e);
      this.control.markShutdown();
      return;
    }
    this.control.bind(this);
    this.driver.attach(this);
    this.driver.start().catch(() => undefined); // failures arrive through consumerFailed
  }

  override postStop(): void {
    const driver = this.driver;
    if (driver === undefined) return;
    driver.detach(this);
    void this.deadLetters?.close().catch(() => undefined);
    void driver
      .shutdown(this.linger ? driver.settings.stopTimeout : 0)
      .catch(() => undefined)
      .then(() => {
        this.control.markShutdown();
      });
  }

  protected onTimer(): void {
    for (const [key, sub] of this.subs) {
      if (!sub.closing) continue;
      this.subs.delete(key);
      sub.outlet.complete();
    }
  }

  onPull(): void {
    // Sub-sources are emitted as partitions are assigned; `emit` waits for this pull.
  }

  onDownstreamFinish(): void {
    this.stopAll();
  }

  private stopAll(keepConsumer = false): void {
    // Sub-sources not yet taken by downstream are dropped; their partitions are stopping too.
    this.abortEmitting(this.stage.shape.out);
    for (const sub of this.subs.values()) sub.outlet.complete();
    this.subs.clear();
    if (keepConsumer) this.complete(this.stage.shape.out);
    else this.completeStage();
  }

  /** Emits a sub-source per new partition; a revoked one assigned again keeps its sub-source. */
  private open(tps: readonly (TopicPartition | TopicPartitionOffset)[]): void {
    const driver = this.driver as ConsumerDriver;
    for (const tp of tps) {
      const key = tpKey(tp.topic, tp.partition);
      if ('offset' in tp) driver.seek(tp.topic, tp.partition, tp.offset);
      const kept = this.subs.get(key);
      if (kept !== undefined) {
        kept.closing = false;
        if (kept.outlet.isAvailable()) driver.resume(this, tp.topic, tp.partition);
        continue;
      }
      this.emitSub({ topic: tp.topic, partition: tp.partition });
    }
  }

  private emitSub(tp: TopicPartition): void {
    const key = tpKey(tp.topic, tp.partition);
    const outlet = new SubSourceOutlet<T>(this, `${this.stage.name}.${key}`);
    const sub: Sub<T> = {
      tp,
      outlet,
      batch: undefined,
      index: 0,
      closing: false,
      deadLettering: false,
    };
    outlet.setHandler({
      onPull: () => {
        if (sub.deadLettering) return;
        if (sub.batch !== undefined) this.pushNext(sub);
        else if (!sub.closing) this.driver?.resume(this, tp.topic, tp.partition);
      },
      onDownstreamFinish: () => {
        this.subCancelled(sub);
      },
    });
    this.subs.set(key, sub);
    this.emit(this.stage.shape.out, [
      tp,
      outlet.source.mapMaterializedValue(() => NotUsed),
    ] as const);
  }

  /** A cancelled sub-source comes back, starting at its first record not emitted. */
  private subCancelled(sub: Sub<T>): void {
    const driver = this.driver as ConsumerDriver;
    const { topic, partition } = sub.tp;
    const key = tpKey(topic, partition);
    if (this.subs.get(key) !== sub) return;
    this.subs.delete(key);
    if (this.isClosed(this.stage.shape.out) || sub.closing) return;
    const next = sub.batch?.messages[sub.index];
    if (next !== undefined) {
      driver.release(this, topic, partition, Number(next.offset), false);
      driver.seek(topic, partition, Number(next.offset));
    }
    this.emitSub(sub.tp);
  }

  private pushNext(sub: Sub<T>): void {
    const driver = this.driver as ConsumerDriver;
    for (;;) {
      const batch = sub.batch;
      if (batch === undefined) {
        driver.resume(this, sub.tp.topic, sub.tp.partition);
        return;
      }
      const message = batch.messages[sub.index] as KafkaMessage;
      sub.index++;
      if (sub.index >= batch.messages.length) {
        sub.batch = undefined;
        driver.release(this, batch.topic, batch.partition, Number(message.offset) + 1, false);
      }
      try {
        const record = deserializeRecord(
          this.stage.name,
          this.stage.settings,
          batch.topic,
          batch.partition,
          message,
        );
        driver.partitions.emitted(batch.topic, batch.partition, record.offset);
        sub.outlet.push(this.stage.element(record, driver));
        return;
      } catch (e) {
        if (!this.poison(sub, e as KafkaRecordError, message)) return;
      }
    }
  }

  /** Handles a poison record of `sub`'s partition as the settings say; true to go on with the next. */
  private poison(sub: Sub<T>, error: KafkaRecordError, message: KafkaMessage): boolean {
    const handling = this.stage.settings.poisonRecords;
    if (handling === 'skip') return true;
    if (handling === 'fail') {
      this.linger = false;
      this.failStage(error);
      return false;
    }
    const driver = this.driver as ConsumerDriver;
    this.deadLetters ??= new DeadLetters(driver.kafkaClient, handling.deadLetterTopic);
    sub.deadLettering = true;
    void this.deadLetters.forward(this.stage.name, error, message).then((failure) => {
      this.onDeadLettered.invoke([sub, failure] as const);
    });
    return false;
  }

  // ---- DriverClient ----

  owns(): boolean {
    return true;
  }
  deliver(batch: FetchedBatch): void {
    this.onDeliver.invoke(batch);
  }
  assigned(partitions: readonly TopicPartition[]): void {
    const lookup = this.stage.options.getOffsetsOnAssign;
    if (lookup === undefined) {
      this.onAssigned.invoke(partitions);
      return;
    }
    lookup(partitions).then(
      (offsets) => {
        const given = new Map(offsets.map((o) => [tpKey(o.topic, o.partition), o]));
        this.onAssigned.invoke(
          partitions.map((tp) => given.get(tpKey(tp.topic, tp.partition)) ?? tp),
        );
      },
      (e: unknown) => {
        this.onFail.invoke(e);
      },
    );
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
    if (this.driver !== undefined) await this.driver.shutdown(0);
  }
  metrics(): ConsumerMetrics {
    let buffered = 0;
    for (const s of this.subs.values())
      if (s.batch !== undefined) buffered += s.batch.messages.length - s.index;
    return { partitions: this.driver?.partitions.metrics() ?? [], bufferedRecords: buffered };
  }
}
