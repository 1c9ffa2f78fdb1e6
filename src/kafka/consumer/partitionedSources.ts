import { Source, type NotUsed } from '../../core/index.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { AutoSubscription } from '../Subscriptions.js';
import type { TopicPartition } from '../TopicPartition.js';
import type { Control } from './ConsumerControl.js';
import type { ElementFactory } from './KafkaSourceStage.js';
import { PartitionedSourceStage, type TopicPartitionOffset } from './PartitionedSourceStage.js';

/** @internal Builds a partitioned source after checking its settings. */
export function partitioned<K, V, T>(
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
