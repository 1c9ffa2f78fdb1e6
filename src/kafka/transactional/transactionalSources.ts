import { Source } from '../../core/index.js';
import { SourceWithContext } from '../../stages/index.js';
import type { ConsumerRecord } from '../ConsumerMessage.js';
import type { ConsumerSettings } from '../settings/ConsumerSettings.js';
import type { TransactionalMessage } from './transactionalConsumer.js';
import type { TransactionalControl } from './TransactionalControl.js';
import {
  type PartitionSource,
  TransactionalPartitionedSourceStage,
} from './TransactionalPartitionedSourceStage.js';
import type { TransactionalOffset } from './transactionalProducers.js';
import {
  transactionalSourceConfig,
  type TransactionalSourceSettings,
  type TransactionalSubscription,
} from './TransactionalSourceSettings.js';
import { TransactionalSourceStage } from './TransactionalSourceStage.js';

/**
 * Consumes `read_committed` for a transactional sink: each message carries the offset the sink
 * commits in its transaction, with a marker by which the sink tells the source what committed.
 * kafkajs hands records over in fetched batches; each batch is held (its `eachBatch` call does not
 * return) until a transaction committed its last record, so at most one fetch per partition is
 * buffered, and a rebalance (which kafkajs starts only once every `eachBatch` returned) never
 * moves a partition whose records are in flight. Every emitted record must reach the
 * transactional sink (send dropped ones as `ProducerMessage.passThrough`), or after
 * `commitTimeout` the source fails naming the partition.
 * - Emits when: a fetched record is buffered and downstream pulls.
 * - Backpressures when: downstream backpressures (kafkajs fetches nothing more meanwhile).
 * - Completes when: `control.stop()`, `shutdown()` or `drainAndShutdown()`.
 * - Cancels when: downstream cancels, a record cannot be deserialized (naming
 *   `topic/partition@offset`), or emitted records stay uncommitted past `commitTimeout`.
 * @throws TypeError without bootstrap servers, group id or topics; RangeError for bad timeouts.
 * @example
 * ```ts
 * import { Keep } from 'sluice';
 * import { ProducerMessage, ProducerSettings, Transactional, type ConsumerSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const [control, done] = Transactional.source(consumerSettings, { topics: ['in'] })
 *   .map((msg) => ProducerMessage.single({ topic: 'out', value: msg.record.value }, msg.partitionOffset))
 *   .toMat(Transactional.sink(producerSettings, 'copier-1'), Keep.both)
 *   .run();
 * ```
 */
export function source<K, V>(
  settings: ConsumerSettings<K, V> | TransactionalSourceSettings<K, V>,
  subscription: TransactionalSubscription,
): Source<TransactionalMessage<K, V>, TransactionalControl> {
  return Source.fromGraph(
    new TransactionalSourceStage(
      'Transactional.source',
      transactionalSourceConfig('Transactional.source', settings, subscription),
    ),
  );
}

/**
 * {@link source} as a `SourceWithContext`: the record is the element and its offset the context,
 * for `Transactional.flowWithOffsetContext`-style pipelines (map the record, keep the offset).
 * - Emits when: a fetched record is buffered and downstream pulls.
 * - Backpressures when: downstream backpressures.
 * - Completes when: the control stops it.
 * - Cancels when: downstream cancels, or a record cannot be deserialized.
 * @throws TypeError without bootstrap servers, group id or topics.
 * @example
 * ```ts
 * import { ProducerMessage, Transactional, type ConsumerSettings } from 'sluice/kafka';
 *
 * declare const settings: ConsumerSettings<string, string>;
 * const envelopes = Transactional.sourceWithOffsetContext(settings, { topics: ['in'] })
 *   .map((record) => ProducerMessage.single({ topic: 'out', value: record.value.toUpperCase() }));
 * ```
 */
export function sourceWithOffsetContext<K, V>(
  settings: ConsumerSettings<K, V> | TransactionalSourceSettings<K, V>,
  subscription: TransactionalSubscription,
): SourceWithContext<ConsumerRecord<K, V>, TransactionalOffset, TransactionalControl> {
  return SourceWithContext.fromTuples(
    Source.fromGraph(
      new TransactionalSourceStage(
        'Transactional.sourceWithOffsetContext',
        transactionalSourceConfig('Transactional.sourceWithOffsetContext', settings, subscription),
      ),
    ).map(toPair<K, V>),
  );
}

/**
 * One sub-source per assigned partition (Alpakka's #1471, never shipped there): run each one into
 * its own `Transactional.sink` whose transactional id names the partition
 * (`<prefix>-<group>-<topic>-<partition>`), so several instances split the partitions through
 * the group without fencing each other, and each partition commits on its own cadence. A revoked
 * partition's sub-source completes once its records are committed; a newly assigned one arrives
 * as a new element. A sub-source cancelled while its partition is still assigned fails the
 * source (its uncommitted records could not be replayed); so does an aborted transaction.
 * - Emits when: a partition is assigned and downstream pulls.
 * - Backpressures when: downstream backpressures; each sub-source backpressures on its own.
 * - Completes when: the control stops it (completing every sub-source).
 * - Cancels when: downstream cancels, or a sub-source is cancelled while assigned.
 * @throws TypeError without bootstrap servers, group id or topics.
 * @example
 * ```ts
 * import { Sink } from 'sluice';
 * import { ProducerMessage, ProducerSettings, Transactional, type ConsumerSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const control = Transactional.partitionedSource(consumerSettings, { topics: ['in'] })
 *   .mapAsyncUnordered(64, ([tp, records]) =>
 *     records
 *       .map((msg) => ProducerMessage.single({ topic: 'out', value: msg.record.value }, msg.partitionOffset))
 *       .runWith(Transactional.sink(producerSettings, `copier-${tp.topic}-${tp.partition}`)),
 *   )
 *   .to(Sink.ignore())
 *   .run();
 * ```
 */
export function partitionedSource<K, V>(
  settings: ConsumerSettings<K, V> | TransactionalSourceSettings<K, V>,
  subscription: TransactionalSubscription,
): Source<PartitionSource<K, V>, TransactionalControl> {
  return Source.fromGraph(
    new TransactionalPartitionedSourceStage(
      'Transactional.partitionedSource',
      transactionalSourceConfig('Transactional.partitionedSource', settings, subscription),
    ),
  );
}

function toPair<K, V>(
  message: TransactionalMessage<K, V>,
): readonly [ConsumerRecord<K, V>, TransactionalOffset] {
  return [message.record, message.partitionOffset];
}
