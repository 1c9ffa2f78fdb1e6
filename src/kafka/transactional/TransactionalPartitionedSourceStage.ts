import type { KafkaMessage } from 'kafkajs';
import {
  type AsyncCallback,
  type GraphStageLogic,
  GraphStageWithMaterializedValue,
  isFailureCause,
  Outlet,
  type OutHandler,
  type Source,
  SourceShape,
  SubSourceOutlet,
  TimerGraphStageLogic,
} from '../../core/index.js';
import { InFlightTracker } from './InFlightTracker.js';
import {
  type Arrived,
  startTransactionalConsumer,
  toTransactionalMessage,
  type TransactionalMessage,
} from './transactionalConsumer.js';
import { TransactionalControl } from './TransactionalControl.js';
import type { TransactionalSourceConfig } from './TransactionalSourceSettings.js';

/** A topic and partition, as the partitioned source names its sub-sources. */
export interface PartitionRef {
  readonly topic: string;
  readonly partition: number;
}

/** What `Transactional.partitionedSource` emits: a partition and the source of its records. */
export type PartitionSource<K, V> = readonly [
  partition: PartitionRef,
  source: Source<TransactionalMessage<K, V>, unknown>,
];

/** @internal The stage behind `Transactional.partitionedSource`. */
export class TransactionalPartitionedSourceStage<K, V> extends GraphStageWithMaterializedValue<
  SourceShape<PartitionSource<K, V>>,
  TransactionalControl
> {
  readonly shape: SourceShape<PartitionSource<K, V>>;
  constructor(
    readonly name: string,
    readonly config: TransactionalSourceConfig<K, V>,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet(`${name}.out`));
  }
  createLogicAndMaterializedValue(): readonly [GraphStageLogic, TransactionalControl] {
    // The control waits for every partition's commits: one tracker per partition, summed here.
    const all = new InFlightTracker();
    const control = new TransactionalControl(all, this.config.commitTimeout);
    const logic = new PartitionedLogic(this, all, control);
    control.attach(logic.stopCallback);
    return [logic, control];
  }
}

/** One assigned partition: its sub-source, its fetched batches and its own commit tracker. */
class PartitionState<K, V> implements OutHandler {
  readonly arrived: Arrived[] = [];
  position = 0;
  readonly outlet: SubSourceOutlet<TransactionalMessage<K, V>>;

  constructor(
    private readonly logic: PartitionedLogic<K, V>,
    readonly ref: PartitionRef,
    readonly tracker: InFlightTracker,
  ) {
    this.outlet = new SubSourceOutlet(logic, `${logic.label}.${ref.topic}/${ref.partition}`);
    this.outlet.setHandler(this);
  }

  onPull(): void {
    this.logic.emitFrom(this);
  }

  onDownstreamFinish(cause: unknown): void {
    this.logic.subSourceCancelled(this, cause);
  }
}

/**
 * One consumer for all partitions, one sub-source per assigned partition (Alpakka's
 * `partitionedSource`, never exposed there: its #1471). Each sub-source feeds its own
 * transactional producer (with a transactional id per partition), so instances scale out by
 * partition without fencing each other. As in `Transactional.source`, each fetched batch is held
 * until a transaction committed it, so a rebalance completes only once the revoked partitions
 * have nothing in flight; their sub-sources then complete.
 */
class PartitionedLogic<K, V> extends TimerGraphStageLogic implements OutHandler {
  private readonly out: Outlet<PartitionSource<K, V>>;
  private readonly partitions = new Map<string, PartitionState<K, V>>();
  /** Sub-sources created and not yet emitted, in assignment order. */
  private readonly pending: PartitionState<K, V>[] = [];
  private hasFailed = false;
  readonly stopCallback: AsyncCallback<undefined>;
  private readonly onBatch: AsyncCallback<Arrived>;
  private readonly onFailure: AsyncCallback<unknown>;
  private readonly onAssign: AsyncCallback<Record<string, number[]>>;

  constructor(
    private readonly stage: TransactionalPartitionedSourceStage<K, V>,
    private readonly all: InFlightTracker,
    private readonly control: TransactionalControl,
  ) {
    super(stage.shape);
    this.out = stage.shape.out;
    this.setHandler(this.out, this);
    this.stopCallback = this.getAsyncCallback(() => {
      this.stopAll();
    });
    this.onBatch = this.getAsyncCallback((batch) => {
      const state = this.partitions.get(batch.held.key);
      if (state === undefined) {
        // Not (or no longer) ours: kafkajs fetches it again after the rebalance.
        batch.held.done();
        return;
      }
      state.arrived.push(batch);
      if (state.outlet.isAvailable()) this.emitFrom(state);
    });
    this.onFailure = this.getAsyncCallback((error) => {
      this.failStage(error);
    });
    this.onAssign = this.getAsyncCallback((assignment) => {
      this.assigned(assignment);
    });
  }

  override preStart(): void {
    const config = this.stage.config;
    const consumer = startTransactionalConsumer(this.label, config, {
      onBatch: this.onBatch,
      onFailure: this.onFailure,
      onAssign: this.onAssign,
    });
    this.control.consumerReady(consumer, config.closeTimeout);
  }

  /**
   * A new generation's assignment. kafkajs rejoined only after every held batch was released,
   * so a partition that moved away has nothing in flight: its sub-source completes.
   */
  private assigned(assignment: Record<string, number[]>): void {
    const now = new Set<string>();
    for (const [topic, partitions] of Object.entries(assignment)) {
      for (const partition of partitions) {
        const key = `${topic}/${partition}`;
        now.add(key);
        if (!this.partitions.has(key)) this.open({ topic, partition });
      }
    }
    for (const [key, state] of this.partitions) {
      if (now.has(key)) continue;
      this.partitions.delete(key);
      const index = this.pending.indexOf(state);
      if (index >= 0) this.pending.splice(index, 1);
      state.outlet.complete();
    }
    this.emitPending();
  }

  private open(ref: PartitionRef): void {
    const tracker = new InFlightTracker();
    const state = new PartitionState(this, ref, tracker);
    const key = `${ref.topic}/${ref.partition}`;
    tracker.onChange = () => {
      this.all.onChange();
    };
    tracker.onFailed = () => {
      // That partition's transaction aborted: its emitted records cannot be replayed in this
      // session, so the source fails and a restart re-reads them from the committed offset.
      this.onFailure.invoke(
        new Error(`${this.label}: the transaction of partition ${key} aborted; restart the stream`),
      );
    };
    this.all.add(tracker);
    this.partitions.set(key, state);
    this.pending.push(state);
  }

  onPull(): void {
    this.emitPending();
  }

  private emitPending(): void {
    const state = this.pending[0];
    if (state === undefined || !this.isAvailable(this.out)) return;
    this.pending.shift();
    this.push(this.out, [state.ref, state.outlet.source]);
  }

  /** @internal Pushes the next record of `state`'s partition to its sub-source. */
  emitFrom(state: PartitionState<K, V>): void {
    const head = state.arrived[0];
    if (head === undefined || !state.outlet.isAvailable()) return;
    const message = head.messages[state.position] as KafkaMessage; // position < length
    state.position++;
    state.outlet.push(
      toTransactionalMessage(this.label, this.stage.config, state.tracker, head.held, message),
    );
    if (state.position === head.messages.length) {
      state.arrived.shift();
      state.position = 0;
      state.tracker.await(head.held, Number(message.offset), this.now());
      if (!this.isTimerActive(CommitTimeout)) {
        this.scheduleOnce(CommitTimeout, this.stage.config.commitTimeout);
      }
      if (state.arrived.length === 0) state.tracker.requestCommit();
    }
  }

  /** @internal A sub-source was cancelled while its partition is still ours. */
  subSourceCancelled(state: PartitionState<K, V>, cause: unknown): void {
    if (!this.partitions.has(`${state.ref.topic}/${state.ref.partition}`)) return;
    this.failStage(
      isFailureCause(cause)
        ? cause
        : new Error(
            `${this.label}: the sub-source of ${state.ref.topic}/${state.ref.partition} was cancelled while the partition is assigned; run each sub-source to completion`,
          ),
    );
  }

  protected onTimer(): void {
    const limit = this.stage.config.commitTimeout;
    let next = limit;
    for (const state of this.partitions.values()) {
      const oldest = state.tracker.waiting[0];
      if (oldest === undefined) continue;
      const age = this.now() - oldest.emittedAt;
      if (age >= limit) {
        this.failStage(
          new Error(
            `${this.label}: records of ${oldest.key} up to offset ${oldest.target} were emitted but not committed within ${limit} ms; every record must reach a transactional sink`,
          ),
        );
        return;
      }
      next = Math.min(next, limit - age);
    }
    if (this.all.hasWaiting) this.scheduleOnce(CommitTimeout, next);
  }

  onDownstreamFinish(cause: unknown): void {
    if (isFailureCause(cause)) this.hasFailed = true;
    this.stopAll();
  }

  override failStage(error: unknown): void {
    this.hasFailed = true;
    super.failStage(error);
  }

  /** Completes every sub-source after what it already emitted, then the stage. */
  private stopAll(): void {
    for (const state of this.partitions.values()) state.outlet.complete();
    this.completeStage();
  }

  override postStop(): void {
    for (const state of this.partitions.values()) {
      const head = state.arrived[0];
      if (head !== undefined && state.position > 0) {
        const last = head.messages[state.position - 1] as KafkaMessage;
        state.tracker.await(head.held, Number(last.offset), this.now());
      } else if (head !== undefined) {
        head.held.done();
      }
      for (let i = 1; i < state.arrived.length; i++) (state.arrived[i] as Arrived).held.done();
      state.arrived.length = 0;
    }
    if (this.hasFailed) this.all.releaseAll();
    this.control.sourceStopped();
  }
}

const CommitTimeout = 'commitTimeout';
