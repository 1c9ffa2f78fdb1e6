import { Flow, Keep, type NotUsed, type Sink, Source } from '../core/index.js';
import { ignore, SourceWithContext } from '../stages/index.js';
import type { Envelope, Results } from './ProducerMessage.js';
import type { ConsumerSettings } from './settings/ConsumerSettings.js';
import type { ProducerSettings } from './settings/ProducerSettings.js';
import type { ConsumedOffset, CommittedMarker } from './transactional/CommittedMarker.js';
import type { TransactionalControl } from './transactional/TransactionalControl.js';
import { TransactionalProducerStage } from './transactional/TransactionalProducerStage.js';
import {
  transactionalSourceConfig,
  type TransactionalSourceSettings,
  type TransactionalSubscription,
} from './transactional/TransactionalSourceSettings.js';
import type { TransactionalMessage } from './transactional/transactionalConsumer.js';
import type { ConsumerRecord } from './ConsumerMessage.js';
import { TransactionalSourceStage } from './transactional/TransactionalSourceStage.js';
import {
  type PartitionSource,
  TransactionalPartitionedSourceStage,
} from './transactional/TransactionalPartitionedSourceStage.js';

/**
 * A consumed record's offset as the transactional stages take it: the group, topic and partition,
 * and the record's offset. `Transactional.source` emits these (with a marker that lets it track
 * what is in flight); any value of this shape works.
 */
export interface TransactionalOffset {
  readonly key: { readonly groupId: string; readonly topic: string; readonly partition: number };
  readonly offset: number;
  /** Set by `Transactional.source`: how the sink tells it that the offset committed. */
  readonly committedMarker?: CommittedMarker;
}

function consumedOffset(po: TransactionalOffset): ConsumedOffset {
  const { groupId, topic, partition } = po.key;
  return po.committedMarker === undefined
    ? { groupId, topic, partition, offset: po.offset }
    : { groupId, topic, partition, offset: po.offset, marker: po.committedMarker };
}

function noOffset(): undefined {
  return undefined;
}

/**
 * Produces each envelope inside a Kafka transaction and commits, in the same transaction, the
 * consumed offset each envelope carries as its pass-through: every `eosCommitInterval` it stops
 * pulling, waits for the sends in flight, adds the highest offset + 1 per partition
 * (`sendOffsets`) and commits. A consumer in `read_committed` sees the output only once its
 * input's offsets are committed with it, so after a crash the restarted stream redoes exactly the
 * uncommitted part. Results are emitted in input order as soon as they are acknowledged (before
 * their transaction commits).
 * - Emits when: the oldest envelope's records are acknowledged and downstream pulls.
 * - Backpressures when: `parallelism` envelopes are held, or a transaction is committing.
 * - Completes when: upstream completes, the last transaction committed and the producer closed.
 * - Cancels when: downstream cancels (the open transaction is aborted), or a send or commit fails
 *   (aborted; a fenced producer fails with `ProducerFencedError`).
 * @throws TypeError for an empty transactional id or settings without bootstrap servers.
 * @example
 * ```ts
 * import { Sink } from 'sluice';
 * import { ProducerMessage, ProducerSettings, Transactional, type TransactionalOffset } from 'sluice/kafka';
 *
 * declare const settings: ProducerSettings<string, string>;
 * declare const offset: TransactionalOffset;
 * const flow = Transactional.flow(settings, 'orders-copier');
 * ```
 */
function flow<K, V, PO extends TransactionalOffset>(
  settings: ProducerSettings<K, V>,
  transactionalId: string,
): Flow<Envelope<K, V, PO>, Results<K, V, PO>, NotUsed> {
  return Flow.fromGraph(
    new TransactionalProducerStage<K, V, PO>(
      'Transactional.flow',
      settings,
      transactionalId,
      consumedOffset,
    ),
  );
}

/**
 * {@link flow} into `Sink.ignore`: produces and commits consumed offsets in transactions, and
 * materializes to a promise that resolves once upstream completed and the last transaction
 * committed, or rejects with the failure (after aborting the open transaction).
 * - Backpressures when: `parallelism` envelopes are held, or a transaction is committing.
 * - Completes when: upstream completes and the last transaction committed.
 * - Cancels when: a send or commit fails.
 * @throws TypeError for an empty transactional id or settings without bootstrap servers.
 * @example
 * ```ts
 * import { Keep } from 'sluice';
 * import {
 *   ConsumerSettings, ProducerMessage, ProducerSettings, Subscriptions, Transactional,
 * } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const control = Transactional.source(consumerSettings, Subscriptions.topics('in'))
 *   .map((msg) =>
 *     ProducerMessage.single({ topic: 'out', value: msg.record.value }, msg.partitionOffset),
 *   )
 *   .toMat(Transactional.sink(producerSettings, 'copier-1'), Keep.both)
 *   .run();
 * ```
 */
function sink<K, V, PO extends TransactionalOffset>(
  settings: ProducerSettings<K, V>,
  transactionalId: string,
): Sink<Envelope<K, V, PO>, Promise<void>> {
  return Flow.fromGraph(
    new TransactionalProducerStage<K, V, PO>(
      'Transactional.sink',
      settings,
      transactionalId,
      consumedOffset,
    ),
  ).toMat(ignore(), Keep.right);
}

/**
 * A transactional producer without a transactional source (Alpakka's #1876): each
 * `eosCommitInterval` the records produced so far commit atomically, in one transaction, and all
 * records of one `multi` envelope always land in the same transaction. Pass-through values are
 * carried to the results and never committed as offsets.
 * - Emits when: the oldest envelope's records are acknowledged and downstream pulls.
 * - Backpressures when: `parallelism` envelopes are held, or a transaction is committing.
 * - Completes when: upstream completes and the last transaction committed.
 * - Cancels when: downstream cancels (aborting), or a send or commit fails (aborting).
 * @throws TypeError for an empty transactional id or settings without bootstrap servers.
 * @example
 * ```ts
 * import { Sink, Source } from 'sluice';
 * import { ProducerMessage, ProducerSettings, Transactional } from 'sluice/kafka';
 *
 * declare const settings: ProducerSettings<string, string>;
 * const done = Source.from([['debit', 'credit']])
 *   .map(([a, b]) => ProducerMessage.multi([{ topic: 'ledger', value: a }, { topic: 'ledger', value: b }]))
 *   .via(Transactional.plainFlow(settings, 'ledger-writer'))
 *   .runWith(Sink.ignore());
 * ```
 */
function plainFlow<K, V, PassThrough>(
  settings: ProducerSettings<K, V>,
  transactionalId: string,
): Flow<Envelope<K, V, PassThrough>, Results<K, V, PassThrough>, NotUsed> {
  return Flow.fromGraph(
    new TransactionalProducerStage<K, V, PassThrough>(
      'Transactional.plainFlow',
      settings,
      transactionalId,
      noOffset,
    ),
  );
}

/**
 * {@link plainFlow} into `Sink.ignore`: records commit atomically every `eosCommitInterval`; the
 * promise resolves once the last transaction committed.
 * - Backpressures when: `parallelism` envelopes are held, or a transaction is committing.
 * - Completes when: upstream completes and the last transaction committed.
 * - Cancels when: a send or commit fails (the open transaction is aborted).
 * @throws TypeError for an empty transactional id or settings without bootstrap servers.
 * @example
 * ```ts
 * import { Source } from 'sluice';
 * import { ProducerMessage, ProducerSettings, Transactional } from 'sluice/kafka';
 *
 * declare const settings: ProducerSettings<string, string>;
 * const done: Promise<void> = Source.from(['a', 'b'])
 *   .map((value) => ProducerMessage.single({ topic: 'out', value }))
 *   .runWith(Transactional.plainSink(settings, 'writer-1'));
 * ```
 */
function plainSink<K, V, PassThrough>(
  settings: ProducerSettings<K, V>,
  transactionalId: string,
): Sink<Envelope<K, V, PassThrough>, Promise<void>> {
  return Flow.fromGraph(
    new TransactionalProducerStage<K, V, PassThrough>(
      'Transactional.plainSink',
      settings,
      transactionalId,
      noOffset,
    ),
  ).toMat(ignore(), Keep.right);
}

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
 * import { ProducerMessage, ProducerSettings, Transactional, type TransactionalSourceSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: TransactionalSourceSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const [control, done] = Transactional.source(consumerSettings, { topics: ['in'] })
 *   .map((msg) => ProducerMessage.single({ topic: 'out', value: msg.record.value }, msg.partitionOffset))
 *   .toMat(Transactional.sink(producerSettings, 'copier-1'), Keep.both)
 *   .run();
 * ```
 */
function source<K, V>(
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
 * import { ProducerMessage, Transactional, type TransactionalSourceSettings } from 'sluice/kafka';
 *
 * declare const settings: TransactionalSourceSettings<string, string>;
 * const envelopes = Transactional.sourceWithOffsetContext(settings, { topics: ['in'] })
 *   .map((record) => ProducerMessage.single({ topic: 'out', value: record.value.toUpperCase() }));
 * ```
 */
function sourceWithOffsetContext<K, V>(
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
 * import { ProducerMessage, ProducerSettings, Transactional, type TransactionalSourceSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: TransactionalSourceSettings<string, string>;
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
function partitionedSource<K, V>(
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

/**
 * Exactly-once consume-transform-produce, after Alpakka Kafka's `Transactional` object: the
 * transactional producers `flow`, `sink`, `plainFlow` and `plainSink`, and the sources that feed
 * them.
 */
export const Transactional = {
  source,
  sourceWithOffsetContext,
  partitionedSource,
  flow,
  sink,
  plainFlow,
  plainSink,
} as const;
