import { Source } from '../core/index.js';
import '../stages/index.js';
import {
  KafkaCommittableOffset,
  type CommittableMessage,
  type CommittableOffset,
  type ConsumerRecord,
} from './ConsumerMessage.js';
import type { Control } from './consumer/ConsumerControl.js';
import { ConsumerDriver } from './consumer/ConsumerDriver.js';
import {
  KafkaSourceStage,
  type DriverSource,
  type ElementFactory,
} from './consumer/KafkaSourceStage.js';
import type { ConsumerSettings } from './settings/ConsumerSettings.js';
import type { AutoSubscription, Subscription } from './Subscriptions.js';
import type { TopicPartition } from './TopicPartition.js';
import type { Source as SourceType } from '../core/index.js';
import { partitioned, type PartitionSource } from './consumer/partitionedSources.js';
import type { TopicPartitionOffset } from './consumer/PartitionedSourceStage.js';
import { SourceWithContext } from '../stages/index.js';

function own(
  name: string,
  settings: ConsumerSettings<unknown, unknown>,
  sub: Subscription,
  commits: boolean,
): DriverSource {
  if (commits) settings.requireGroupId(name, 'committing offsets needs a consumer group');
  if (sub.kind === 'auto')
    settings.requireGroupId(name, 'a topic subscription is managed by a consumer group');
  settings.requireBootstrapServers(name);
  return {
    driver: () => new ConsumerDriver(name, settings, sub, commits),
    owned: true,
    partitions: undefined,
  };
}

function source<K, V, T>(
  name: string,
  settings: ConsumerSettings<K, V>,
  sub: Subscription,
  commits: boolean,
  element: ElementFactory<K, V, T>,
): Source<T, Control> {
  return Source.fromGraph(
    new KafkaSourceStage(
      name,
      settings,
      own(name, settings as ConsumerSettings<unknown, unknown>, sub, commits),
      element,
    ),
  );
}

function committable<K, V>(
  metadata: ((record: ConsumerRecord<K, V>) => string) | undefined,
): ElementFactory<K, V, CommittableMessage<K, V>> {
  return (record, driver) => ({
    record,
    committableOffset: new KafkaCommittableOffset(
      driver,
      record.topic,
      record.partition,
      record.offset,
      metadata === undefined ? undefined : metadata(record),
    ),
  });
}

/**
 * The Kafka consumer sources, with Alpakka's names. Each materializes a {@link Control}; each holds
 * at most one fetch per partition and pauses every partition nobody has demand for.
 */
export const Consumer = {
  /**
   * Records without offset handling (store offsets yourself, or commit nothing).
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures (its partitions are paused).
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels (the consumer closes after `stopTimeout`).
   * @throws TypeError without bootstrap servers, or without a group id for a topic subscription.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * Consumer.plainSource(settings, Subscriptions.topics('events')).runForeach((r) => {
   *   console.log(r.topic, r.partition, r.offset, r.value);
   * });
   * ```
   */
  plainSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
  ): Source<ConsumerRecord<K, V>, Control> {
    return source('plainSource', settings, subscription, false, (record) => record);
  },

  /**
   * Records with the offset to commit once processed: the at-least-once workhorse. Commit through
   * `Committer.sink` or `Producer.committableSink`.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures (its partitions are paused).
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Committer, CommitterSettings, Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * Consumer.committableSource(settings, Subscriptions.topics('orders'))
   *   .map((msg) => msg.committableOffset)
   *   .runWith(Committer.sink(CommitterSettings.create()));
   * ```
   */
  committableSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
  ): Source<CommittableMessage<K, V>, Control> {
    return source('committableSource', settings, subscription, true, committable<K, V>(undefined));
  },

  /**
   * Like `committableSource`, with a metadata string per record committed with its offset.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.commitWithMetadataSource(settings, Subscriptions.topics('orders'), (r) =>
   *   String(r.timestamp),
   * );
   * ```
   */
  commitWithMetadataSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
    metadataFromRecord: (record: ConsumerRecord<K, V>) => string,
  ): Source<CommittableMessage<K, V>, Control> {
    return source(
      'commitWithMetadataSource',
      settings,
      subscription,
      true,
      committable(metadataFromRecord),
    );
  },

  /**
   * Records with their committable offset as the stream's context, for `Producer.flowWithContext`
   * and `Committer.sinkWithOffsetContext`.
   * - Emits when: a record was fetched and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.sourceWithOffsetContext(settings, Subscriptions.topics('orders'))
   *   .map((record) => record.value.length);
   * ```
   */
  sourceWithOffsetContext<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
    metadataFromRecord?: (record: ConsumerRecord<K, V>) => string,
  ): SourceWithContext<ConsumerRecord<K, V>, CommittableOffset, Control> {
    const tuples = source(
      'sourceWithOffsetContext',
      settings,
      subscription,
      true,
      committable(metadataFromRecord),
    ).map((m): readonly [ConsumerRecord<K, V>, CommittableOffset] => [
      m.record,
      m.committableOffset,
    ]);
    return SourceWithContext.fromTuples(tuples);
  },

  /**
   * Records whose offsets are committed before they are emitted, one commit per record: a record
   * is never processed twice, but may be lost in a crash. Slow: one round-trip per record.
   * - Emits when: the record's offset is committed and downstream pulls.
   * - Backpressures when: downstream backpressures, or a commit is in flight.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.atMostOnceSource(settings, Subscriptions.topics('alerts'));
   * ```
   */
  atMostOnceSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: Subscription,
  ): Source<ConsumerRecord<K, V>, Control> {
    return source(
      'atMostOnceSource',
      settings,
      subscription,
      true,
      committable<K, V>(undefined),
    ).mapAsync(1, (m) => m.committableOffset.commitOffset().then(() => m.record));
  },
  /**
   * One sub-source per assigned partition, each back-pressured on its own: a slow partition does
   * not hold the others back. A sub-source completes when its partition is revoked (after
   * `waitClosePartition`, unless the partition comes back first), and is emitted again if
   * downstream cancels it while the partition is still assigned.
   * - Emits when: a partition is assigned and downstream pulls.
   * - Backpressures when: downstream backpressures (sub-sources each backpressure their partition).
   * - Completes when: the control's `stop`/`shutdown` is called; the sub-sources complete first.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * Consumer.plainPartitionedSource(settings, Subscriptions.topics('events')).runForeach(([tp, records]) => {
   *   void records.runForeach((r) => { console.log(tp.partition, r.value); });
   * });
   * ```
   */
  plainPartitionedSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: AutoSubscription,
  ): SourceType<PartitionSource<ConsumerRecord<K, V>>, Control> {
    return partitioned('plainPartitionedSource', settings, subscription, false, (r) => r);
  },

  /**
   * `plainPartitionedSource` with committable messages.
   * - Emits when: a partition is assigned and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * const source = Consumer.committablePartitionedSource(settings, Subscriptions.topics('orders'));
   * ```
   */
  committablePartitionedSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: AutoSubscription,
  ): SourceType<PartitionSource<CommittableMessage<K, V>>, Control> {
    return partitioned(
      'committablePartitionedSource',
      settings,
      subscription,
      true,
      committable<K, V>(undefined),
    );
  },

  /**
   * `committablePartitionedSource` with a metadata string per record.
   * - Emits when: a partition is assigned and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   */
  commitWithMetadataPartitionedSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: AutoSubscription,
    metadataFromRecord: (record: ConsumerRecord<K, V>) => string,
  ): SourceType<PartitionSource<CommittableMessage<K, V>>, Control> {
    return partitioned(
      'commitWithMetadataPartitionedSource',
      settings,
      subscription,
      true,
      committable(metadataFromRecord),
    );
  },

  /**
   * Partitioned records starting where you stored the offsets: on every assignment
   * `getOffsetsOnAssign` gives the start offsets (partitions it leaves out start at the committed
   * offset or `autoOffsetReset`); `onRevoke` runs before revoked partitions move.
   * - Emits when: a partition is assigned, its offset looked up, and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   * @example
   * ```ts
   * import { Consumer, ConsumerSettings, Subscriptions } from 'sluice/kafka';
   *
   * declare const settings: ConsumerSettings<string, string>;
   * declare function loadOffset(topic: string, partition: number): Promise<number>;
   * const source = Consumer.plainPartitionedManualOffsetSource(settings, Subscriptions.topics('orders'), (tps) =>
   *   Promise.all(tps.map(async (tp) => ({ ...tp, offset: await loadOffset(tp.topic, tp.partition) }))),
   * );
   * ```
   */
  plainPartitionedManualOffsetSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: AutoSubscription,
    getOffsetsOnAssign: (
      partitions: readonly TopicPartition[],
    ) => Promise<readonly TopicPartitionOffset[]>,
    onRevoke?: (partitions: readonly TopicPartition[]) => void | Promise<void>,
  ): SourceType<PartitionSource<ConsumerRecord<K, V>>, Control> {
    return partitioned(
      'plainPartitionedManualOffsetSource',
      settings,
      withRevoke(subscription, onRevoke),
      false,
      (r) => r,
      getOffsetsOnAssign,
    );
  },

  /**
   * `plainPartitionedManualOffsetSource` with committable messages (commit to Kafka too, for lag
   * tooling).
   * - Emits when: a partition is assigned, its offset looked up, and downstream pulls.
   * - Backpressures when: downstream backpressures.
   * - Completes when: the control's `stop`/`shutdown` is called.
   * - Cancels when: downstream cancels.
   * @throws TypeError without bootstrap servers or group id.
   */
  committablePartitionedManualOffsetSource<K, V>(
    settings: ConsumerSettings<K, V>,
    subscription: AutoSubscription,
    getOffsetsOnAssign: (
      partitions: readonly TopicPartition[],
    ) => Promise<readonly TopicPartitionOffset[]>,
    onRevoke?: (partitions: readonly TopicPartition[]) => void | Promise<void>,
  ): SourceType<PartitionSource<CommittableMessage<K, V>>, Control> {
    return partitioned(
      'committablePartitionedManualOffsetSource',
      settings,
      withRevoke(subscription, onRevoke),
      true,
      committable<K, V>(undefined),
      getOffsetsOnAssign,
    );
  },
} as const;

function withRevoke(
  sub: AutoSubscription,
  onRevoke: ((partitions: readonly TopicPartition[]) => void | Promise<void>) | undefined,
): AutoSubscription {
  if (onRevoke === undefined) return sub;
  const user = sub.rebalanceListener;
  return sub.withRebalanceListener({
    ...user,
    onRevoke: async (tps) => {
      await user?.onRevoke?.(tps);
      await onRevoke(tps);
    },
  });
}
