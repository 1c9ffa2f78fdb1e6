import { Flow, Keep, NotUsed, type Sink } from '../core/index.js';
import '../stages/index.js';
import { FlowWithContext, ignore } from '../stages/index.js';
import type { Committable, CommittableOffsetBatch } from './ConsumerMessage.js';
import { CommitterStage } from './committer/CommitterStage.js';
import type { CommitterSettings } from './settings/CommitterSettings.js';

/**
 * Commits offsets in batches: one commit per batch with the highest offset + 1 per partition,
 * only for partitions the consumer still owns; retriable errors are retried until the consumer's
 * `commitTimeout`. A failing commit fails the stream with `CommitFailedError` naming the group and
 * every `topic/partition@offset`. When upstream fails, the collected batch is committed first.
 * Before a rebalance takes partitions away, or the consumer stops, the batch is committed at once.
 */
export const Committer = {
  /**
   * Commits and emits each batch once committed.
   * - Emits when: a batch is committed (WaitForAck) or sent (SendAndForget).
   * - Backpressures when: `parallelism` batches are in flight or not yet pulled.
   * - Completes when: upstream completes and every batch is committed and emitted.
   * - Cancels when: downstream cancels (the pending batch is committed first).
   * @example
   * ```ts
   * import { Committer, CommitterSettings } from 'sluice/kafka';
   *
   * const flow = Committer.batchFlow(CommitterSettings.create().withMaxBatch(100));
   * ```
   */
  batchFlow(settings: CommitterSettings): Flow<Committable, CommittableOffsetBatch, NotUsed> {
    return Flow.fromGraph(new CommitterStage('Committer.batchFlow', settings));
  },

  /**
   * Commits, emitting one `undefined` (Done) per committed batch.
   * - Emits when: a batch is committed.
   * - Backpressures when: `parallelism` batches are in flight or not yet pulled.
   * - Completes when: upstream completes and every batch is committed.
   * - Cancels when: downstream cancels.
   * @example
   * ```ts
   * import { Committer, CommitterSettings } from 'sluice/kafka';
   *
   * const flow = Committer.flow(CommitterSettings.create());
   * ```
   */
  flow(settings: CommitterSettings): Flow<Committable, true, NotUsed> {
    return Flow.fromGraph(new CommitterStage('Committer.flow', settings)).map(() => true as const);
  },

  /**
   * Commits everything it receives; the promise resolves once the last batch is committed and
   * rejects with the stream's or the commit's error.
   * - Backpressures when: `parallelism` batches are in flight.
   * - Cancels when: a commit fails.
   * @example
   * ```ts
   * import { Committer, CommitterSettings, Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const done: Promise<void> = Consumer.committableSource(settings, Subscriptions.topics('orders'))
   *   .map((msg) => msg.committableOffset)
   *   .runWith(Committer.sink(CommitterSettings.create()));
   * ```
   */
  sink(settings: CommitterSettings): Sink<Committable, Promise<void>> {
    return Flow.fromGraph(new CommitterStage('Committer.sink', settings)).toMat(
      ignore(),
      Keep.right,
    );
  },

  /**
   * A flow with context committing the context's offsets; emits the batch as element.
   * - Emits when: a batch is committed.
   * - Backpressures when: `parallelism` batches are in flight.
   * - Completes when: upstream completes and every batch is committed.
   * - Cancels when: downstream cancels.
   */
  flowWithOffsetContext<E>(
    settings: CommitterSettings,
  ): FlowWithContext<E, Committable, NotUsed, CommittableOffsetBatch, NotUsed> {
    return FlowWithContext.fromTuples(
      Flow.fromGraph(new CommitterStage('Committer.flowWithOffsetContext', settings))
        .contramap((pair: readonly [E, Committable]) => pair[1])
        .map((batch): readonly [NotUsed, CommittableOffsetBatch] => [NotUsed, batch]),
    );
  },

  /**
   * A sink of `[element, committable]` pairs committing the committables.
   * - Backpressures when: `parallelism` batches are in flight.
   * - Cancels when: a commit fails.
   */
  sinkWithOffsetContext<E>(
    settings: CommitterSettings,
  ): Sink<readonly [E, Committable], Promise<void>> {
    return Flow.fromGraph(new CommitterStage('Committer.sinkWithOffsetContext', settings))
      .contramap((pair: readonly [E, Committable]) => pair[1])
      .toMat(ignore(), Keep.right);
  },
} as const;
