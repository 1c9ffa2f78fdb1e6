import type { Producer, Transaction } from 'kafkajs';
import {
  type AsyncCallback,
  FlowShape,
  GraphStage,
  type GraphStageLogic,
  Inlet,
  Outlet,
} from '../../core/index.js';
import { createProducer } from '../producer/createProducer.js';
import { isFencedError, ProducerFencedError } from '../producer/KafkaProducerError.js';
import { type Entry, errorText, ProducerLogic, type Sender } from '../producer/ProducerLogic.js';
import type { Envelope, Results } from '../ProducerMessage.js';
import type { ProducerSettings } from '../settings/ProducerSettings.js';
import type { CommittedMarker, ConsumedOffset } from './CommittedMarker.js';

const CommitTimer = 'eosCommit';

/** @internal The stage behind `Transactional.flow`, `sink`, `plainFlow` and `plainSink`. */
export class TransactionalProducerStage<K, V, PT> extends GraphStage<
  FlowShape<Envelope<K, V, PT>, Results<K, V, PT>>
> {
  readonly shape: FlowShape<Envelope<K, V, PT>, Results<K, V, PT>>;
  constructor(
    readonly name: string,
    readonly settings: ProducerSettings<K, V>,
    readonly transactionalId: string,
    /** The consumed offset a pass-through value stands for, if any. */
    readonly offsetOf: (passThrough: PT) => ConsumedOffset | undefined,
  ) {
    super(name);
    if (typeof transactionalId !== 'string' || transactionalId === '') {
      throw new TypeError(
        `${name}: transactionalId must be a non-empty string, got ${JSON.stringify(transactionalId)}`,
      );
    }
    settings.requireBootstrapServers(name);
    this.shape = new FlowShape(new Inlet(`${name}.in`), new Outlet(`${name}.out`));
  }
  createLogic(): GraphStageLogic {
    return new TransactionalProducerLogic(this);
  }
}

/** What one transaction holds besides its records: the highest consumed offset per partition. */
class TransactionContent {
  /** groupId → `topic/partition` → the highest consumed offset. */
  readonly offsets = new Map<string, Map<string, ConsumedOffset>>();
  readonly markers = new Set<CommittedMarker>();
  hasRecords = false;

  get isEmpty(): boolean {
    return !this.hasRecords && this.offsets.size === 0;
  }

  add(offset: ConsumedOffset): void {
    let group = this.offsets.get(offset.groupId);
    if (group === undefined)
      this.offsets.set(offset.groupId, (group = new Map<string, ConsumedOffset>()));
    const key = `${offset.topic}/${offset.partition}`;
    const previous = group.get(key);
    // Max wins: an older offset never moves a partition back.
    if (previous === undefined || previous.offset < offset.offset) group.set(key, offset);
    if (offset.marker !== undefined) this.markers.add(offset.marker);
  }

  /** The committed offset of each partition, per marker's view: `topic/partition` → offset. */
  committedOffsets(): Map<string, number> {
    const all = new Map<string, number>();
    for (const group of this.offsets.values()) {
      for (const [key, o] of group) all.set(key, o.offset);
    }
    return all;
  }
}

/**
 * The commit cycle: every `eosCommitInterval` the stage stops pulling, lets the sends in flight
 * finish, then adds the consumed offsets to the transaction (`sendOffsets`), commits it, tells
 * the sources, begins the next one and pulls again. Upstream completion commits the last
 * transaction; a failure aborts it.
 */
class TransactionalProducerLogic<K, V, PT> extends ProducerLogic<K, V, PT> {
  private transaction: Transaction | undefined = undefined;
  private content = new TransactionContent();
  /** Set from the timer until the transaction committed: the stage pulls nothing meanwhile. */
  private isCommitDue = false;
  /** Set while sendOffsets/commit/begin run: no batch may go out. */
  private isCommitting = false;
  private readonly onBegun: AsyncCallback<Transaction>;
  private readonly onCommitted: AsyncCallback<TransactionContent>;
  private readonly onTxnFailed: AsyncCallback<unknown>;
  private readonly onCommitRequest: AsyncCallback<undefined>;
  /** Sources that may ask this stage to commit early; attached once each. */
  private readonly attached = new Set<CommittedMarker>();
  private readonly requestCommit = (): void => {
    this.onCommitRequest.invoke(undefined);
  };

  constructor(private readonly stage: TransactionalProducerStage<K, V, PT>) {
    super(stage.shape, stage.settings);
    this.onBegun = this.getAsyncCallback((transaction) => {
      this.transaction = transaction;
      this.isReady = true;
      this.isCommitting = false;
      this.isSuspended = false;
      this.scheduleOnce(CommitTimer, this.settings.eosCommitInterval);
      this.flush();
      this.pullIfRoom();
      this.afterBatch();
    });
    this.onCommitted = this.getAsyncCallback((content) => {
      const offsets = content.committedOffsets();
      for (const marker of content.markers) marker.committed(offsets);
      if (this.isClosed(this.in) && this.queue.isEmpty) {
        this.closeThen(() => {
          this.completeStage();
        });
        return;
      }
      this.begin();
    });
    this.onTxnFailed = this.getAsyncCallback((error) => {
      this.failWith(error);
    });
    this.onCommitRequest = this.getAsyncCallback(() => {
      // A source waits for a commit to fetch more: commit now rather than at the interval.
      if (this.isReady && !this.isCommitDue && !this.isCommitting && !this.content.isEmpty) {
        this.onTimer();
      }
    });
  }

  protected get sender(): Sender {
    return this.transaction as Transaction; // flush runs only inside an open transaction
  }

  override preStart(): void {
    super.preStart();
    const producer = createProducer(this.settings, this.label, this.stage.transactionalId);
    this.producer = producer;
    producer.connect().then(
      () => {
        this.begin();
      },
      (error: unknown) => {
        this.onTxnFailed.invoke(error);
      },
    );
  }

  /** Begins the next transaction (the first one also fences older producers of this id). */
  private begin(): void {
    const producer = this.producer as Producer; // closed only after the last commit
    this.isCommitting = true;
    producer.transaction().then(
      (transaction) => {
        this.onBegun.invoke(transaction);
      },
      (error: unknown) => {
        this.onTxnFailed.invoke(error);
      },
    );
  }

  protected override get canSend(): boolean {
    return !this.isCommitting && this.transaction !== undefined;
  }

  protected override acknowledged(entry: Entry<K, V, PT>): void {
    const envelope = entry.envelope;
    if (envelope === undefined) return;
    if (envelope.kind !== 'passThrough') this.content.hasRecords = true;
    const offset = this.stage.offsetOf(envelope.passThrough);
    if (offset === undefined) return;
    this.content.add(offset);
    const marker = offset.marker;
    if (marker?.attach !== undefined && !this.attached.has(marker)) {
      this.attached.add(marker);
      marker.attach(this.requestCommit);
    }
  }

  protected override onTimer(): void {
    if (this.content.isEmpty && this.isIdle) {
      this.scheduleOnce(CommitTimer, this.settings.eosCommitInterval);
      return;
    }
    this.isCommitDue = true;
    this.isSuspended = true;
    this.flush();
    this.afterBatch();
  }

  protected override idle(): void {
    if (this.isCommitDue && !this.isCommitting) this.commit();
  }

  private commit(): void {
    this.isCommitDue = false;
    this.isCommitting = true;
    this.isSuspended = true;
    this.cancelTimer(CommitTimer);
    const transaction = this.transaction as Transaction; // open: we are not committing yet
    this.transaction = undefined;
    const content = this.content;
    this.content = new TransactionContent();
    void commitTransaction(transaction, content).then(
      () => {
        this.onCommitted.invoke(content);
      },
      (error: unknown) => {
        this.onTxnFailed.invoke(error);
      },
    );
  }

  protected finish(): void {
    // Upstream is done and every result was pushed: commit what the transaction holds.
    this.isClosing = true;
    if (this.isCommitting) return; // onCommitted sees the closed inlet and closes
    this.commit();
  }

  protected failWith(error: unknown): void {
    const failure = isFencedError(error)
      ? new ProducerFencedError(this.label, this.stage.transactionalId, { cause: error })
      : error instanceof Error && error.message.startsWith(this.label)
        ? error
        : new Error(`${this.label}: transaction failed: ${errorText(error)}`, { cause: error });
    this.abortOpen();
    this.failStage(failure);
  }

  override onUpstreamFailure(error: unknown): void {
    // Upstream's own error (a poison record, say) is passed on as it is, after the abort.
    this.abortOpen();
    this.failStage(error);
  }

  protected override failWithCause(cause: unknown): void {
    // Downstream cancelled: nothing more will be emitted, so the open transaction is aborted.
    this.abortOpen();
    this.cancelStage(cause);
  }

  /** Aborts the open transaction in the background and tells the sources. */
  private abortOpen(): void {
    for (const marker of this.content.markers) marker.failed();
    this.content = new TransactionContent();
    const transaction = this.transaction;
    this.transaction = undefined;
    const producer = this.producer;
    this.producer = undefined;
    if (producer === undefined) return;
    // The abort must reach the broker before the producer closes.
    const aborted = transaction?.isActive() === true ? transaction.abort() : Promise.resolve();
    void aborted
      .catch(() => undefined)
      .then(() => producer.disconnect())
      .catch(() => undefined);
  }
}

async function commitTransaction(
  transaction: Transaction,
  content: TransactionContent,
): Promise<void> {
  for (const [consumerGroupId, partitions] of content.offsets) {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const o of partitions.values()) {
      let list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: String(o.offset + 1) });
    }
    const topics = [...byTopic].map(([topic, list]) => ({ topic, partitions: list }));
    await transaction.sendOffsets({ consumerGroupId, topics });
  }
  await transaction.commit();
}
