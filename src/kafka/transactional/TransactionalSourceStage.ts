import type { KafkaMessage } from 'kafkajs';
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
import { InFlightTracker } from './InFlightTracker.js';
import {
  type Arrived,
  startTransactionalConsumer,
  toTransactionalMessage,
  type TransactionalMessage,
} from './transactionalConsumer.js';
import { TransactionalControl } from './TransactionalControl.js';
import type { TransactionalSourceConfig } from './TransactionalSourceSettings.js';

const CommitTimeout = 'commitTimeout';

/** @internal The stage behind `Transactional.source`. */
export class TransactionalSourceStage<K, V> extends GraphStageWithMaterializedValue<
  SourceShape<TransactionalMessage<K, V>>,
  TransactionalControl
> {
  readonly shape: SourceShape<TransactionalMessage<K, V>>;
  constructor(
    name: string,
    readonly config: TransactionalSourceConfig<K, V>,
  ) {
    super(name);
    this.shape = new SourceShape(new Outlet(`${name}.out`));
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
    const consumer = startTransactionalConsumer(this.label, config, {
      onBatch: this.onBatch,
      onFailure: this.onFailure,
    });
    this.control.consumerReady(consumer, config.closeTimeout);
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
    this.push(
      this.out,
      toTransactionalMessage(this.label, this.stage.config, this.tracker, head.held, message),
    );
    if (this.position === head.messages.length) {
      this.arrived.shift();
      this.position = 0;
      this.tracker.await(head.held, Number(message.offset), this.now());
      if (!this.isTimerActive(CommitTimeout) && this.tracker.waiting.length > 0) {
        this.scheduleOnce(CommitTimeout, this.stage.config.commitTimeout);
      }
      // Nothing more to emit until this commits: ask the sink not to wait for its interval.
      if (this.arrived.length === 0) this.tracker.requestCommit();
    }
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
