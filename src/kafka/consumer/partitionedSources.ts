import { Source, type NotUsed } from '../../core/index.js';
import type { CommittableMessage, ConsumerRecord } from '../ConsumerMessage.js';
import { committable } from './committableElement.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { AutoSubscription } from '../Subscriptions.js';
import type { TopicPartition } from '../TopicPartition.js';
import type { Control } from './ConsumerControl.js';
import type { ElementFactory } from './KafkaSourceStage.js';
import { PartitionedSourceStage, type TopicPartitionOffset } from './PartitionedSourceStage.js';

/** @internal Builds a partitioned source after checking its settings. */
function partitioned<K, V, T>(
  name: string,
  settings: ConsumerSettings<K, V>,
  subscription: AutoSubscription,
  commits: boolean,
  element: ElementFactory<K, V, T>,
  getOffsetsOnAssign?: (
    partitions: readonly TopicPartition[],
  ) => Promise<readonly TopicPartitionOffset[]>,
): Source<readonly [TopicPartition, Source<T, NotUsed>], Control> {
  settings.requireBootstrapServers(name);
  settings.requireGroupId(name, 'partitioned sources are managed by a consumer group');
  if ((subscription.kind as string) !== 'auto') {
    throw new TypeError(
      `${name}: partitioned sources need a topic subscription, not an assignment`,
    );
  }
  return Source.fromGraph(
    new PartitionedSourceStage(
      name,
      settings,
      subscription,
      { getOffsetsOnAssign, commits },
      element,
    ),
  );
}

/** A partitioned source's element: the partition and the source of its records. */
export type PartitionSource<T> = readonly [TopicPartition, Source<T, NotUsed>];

/** @internal The partitioned factories of `Consumer`. */
export const partitionedFactories = {
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
  ): Source<PartitionSource<ConsumerRecord<K, V>>, Control> {
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
  ): Source<PartitionSource<CommittableMessage<K, V>>, Control> {
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
  ): Source<PartitionSource<CommittableMessage<K, V>>, Control> {
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
  ): Source<PartitionSource<ConsumerRecord<K, V>>, Control> {
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
  ): Source<PartitionSource<CommittableMessage<K, V>>, Control> {
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
