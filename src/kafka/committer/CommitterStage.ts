import {
  Attributes,
  FlowShape,
  GraphStage,
  Inlet,
  Outlet,
  TimerGraphStageLogic,
  type AsyncCallback,
  type GraphStageLogic,
  type InHandler,
  type OutHandler,
} from '../../core/index.js';
import {
  CommittableOffsetBatch,
  KafkaCommittableOffset,
  type Committable,
} from '../ConsumerMessage.js';
import type { OffsetCommitter } from '../consumer/OffsetCommitter.js';
import type { CommitterSettings } from '../settings/CommitterSettings.js';

const INTERVAL = 'maxInterval';

/**
 * @internal Folds committables into a batch and commits it when it stands for `maxBatch` messages
 * or `maxInterval` passed, emitting each batch once the broker acknowledged it (WaitForAck) or at
 * once (SendAndForget). At most `parallelism` batches are in flight or waiting to be pushed;
 * upstream is not pulled beyond that. Before a revoke or a stop of a consumer whose offsets it
 * holds, it commits them at once (the driver asks). On upstream failure the pending batch is sent
 * fire-and-forget, then the stage fails.
 */
export class CommitterStage extends GraphStage<FlowShape<Committable, CommittableOffsetBatch>> {
  readonly shape = new FlowShape(
    new Inlet<Committable>('committer.in'),
    new Outlet<CommittableOffsetBatch>('committer.out'),
  );
  constructor(
    readonly name: string,
    readonly settings: CommitterSettings,
  ) {
    super(name);
  }
  createLogic(_inherited: Attributes): GraphStageLogic {
    return new CommitterLogic(this);
  }
}

class CommitterLogic extends TimerGraphStageLogic implements InHandler, OutHandler {
  private readonly in: Inlet<Committable>;
  private readonly out: Outlet<CommittableOffsetBatch>;
  private batch = CommittableOffsetBatch.builder();
  /** NextOffsetObserved: per partition, the last offset seen, held back until a higher one. */
  private readonly held = new Map<string, KafkaCommittableOffset>();
  /** Batches committing or committed and not yet pushed. */
  private outstanding = 0;
  private upstreamDone = false;
  private readonly committers = new Map<OffsetCommitter, () => void>();
  private readonly onCommitted: AsyncCallback<CommittableOffsetBatch>;
  private readonly onCommitFailed: AsyncCallback<unknown>;
  private readonly onFlushRequest: AsyncCallback<undefined>;

  constructor(private readonly stage: CommitterStage) {
    super(stage.shape);
    this.in = stage.shape.in;
    this.out = stage.shape.out;
    this.setHandlers(this.in, this.out, this);
    this.onCommitted = this.getAsyncCallback((batch) => {
      this.emit(this.out, batch, this.afterPush);
    });
    this.onCommitFailed = this.getAsyncCallback((error) => {
      this.failStage(error);
    });
    this.onFlushRequest = this.getAsyncCallback(() => {
      this.flush();
    });
  }

  private readonly afterPush = (): void => {
    this.outstanding--;
    this.maybeFinish();
    this.pullIfRoom();
  };

  override preStart(): void {
    this.scheduleWithFixedDelay(
      INTERVAL,
      this.stage.settings.maxInterval,
      this.stage.settings.maxInterval,
    );
    this.pull(this.in);
  }

  override postStop(): void {
    for (const remove of this.committers.values()) remove();
    this.committers.clear();
  }

  onPush(): void {
    const c = this.grab(this.in);
    this.watch(c);
    if (this.stage.settings.when === 'NextOffsetObserved' && c instanceof KafkaCommittableOffset) {
      const key = `${c.partitionOffset.key.groupId}\u0000${c.partitionOffset.key.topic}/${c.partitionOffset.key.partition}`;
      const previous = this.held.get(key);
      if (previous === undefined || c.partitionOffset.offset > previous.partitionOffset.offset) {
        this.held.set(key, c);
        if (previous !== undefined) this.batch.add(previous);
      }
    } else {
      this.batch.add(c);
    }
    if (this.batch.batchSize >= this.stage.settings.maxBatch) this.flush();
    this.pullIfRoom();
  }

  onUpstreamFinish(): void {
    this.upstreamDone = true;
    this.flush();
    this.maybeFinish();
  }

  onUpstreamFailure(error: unknown): void {
    // The emergency flush of akka/alpakka-kafka#1039: commit what was processed, then fail.
    if (!this.batch.isEmpty) void this.batch.commitWith(false).catch(() => undefined);
    this.batch = CommittableOffsetBatch.builder();
    this.failStage(error);
  }

  onPull(): void {
    this.pullIfRoom();
  }

  onDownstreamFinish(cause: unknown): void {
    this.flush();
    this.cancelStage(cause);
  }

  protected onTimer(): void {
    this.flush();
  }

  private pullIfRoom(): void {
    if (this.upstreamDone || this.isClosed(this.in) || this.hasBeenPulled(this.in)) return;
    if (this.outstanding < this.stage.settings.parallelism) this.pull(this.in);
  }

  private maybeFinish(): void {
    if (this.upstreamDone && this.outstanding === 0 && this.batch.isEmpty) this.completeStage();
  }

  /** Commits the pending batch now, when there is one. */
  private flush(): void {
    if (this.batch.isEmpty) return;
    const batch = this.batch;
    this.batch = CommittableOffsetBatch.builder();
    this.outstanding++;
    const waitForAck = this.stage.settings.delivery === 'WaitForAck';
    batch.commitWith(waitForAck).then(
      () => {
        this.onCommitted.invoke(batch);
      },
      (e: unknown) => {
        this.onCommitFailed.invoke(e);
      },
    );
  }

  /** Registers with each consumer seen, so it can ask for a flush before revoke or stop. */
  private watch(c: Committable): void {
    if (!(c instanceof KafkaCommittableOffset) || this.committers.has(c.committer)) return;
    const remove = c.committer.addFlushListener(() =>
      this.onFlushRequest.invokeWithFeedback(undefined),
    );
    this.committers.set(c.committer, remove);
  }
}
