import { Flow, Keep, type NotUsed, type Sink } from '../../core/index.js';
import { FlowWithContext, ignore, map } from '../../stages/index.js';
import type { Envelope, Results } from '../ProducerMessage.js';
import type { ProducerSettings } from '../settings/ProducerSettings.js';
import type { CommittedMarker, ConsumedOffset } from './CommittedMarker.js';
import { TransactionalProducerStage } from './TransactionalProducerStage.js';

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
 * import { ProducerMessage, Subscriptions, Transactional, type ConsumerSettings, type ProducerSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const offsets = Transactional.source(consumerSettings, Subscriptions.topics('in'))
 *   .map((msg) => ProducerMessage.single({ topic: 'out', value: msg.record.value }, msg.partitionOffset))
 *   .via(Transactional.flow(producerSettings, 'copier-1'))
 *   .map((result) => result.passThrough.offset)
 *   .to(Sink.ignore());
 * ```
 */
export function flow<K, V, PO extends TransactionalOffset>(
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
export function sink<K, V, PO extends TransactionalOffset>(
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
 * {@link flow} as a `FlowWithContext` whose context is the consumed offset, the counterpart of
 * `Transactional.sourceWithOffsetContext`: envelopes go in with their offset beside them, results come out
 * with it, and the offsets commit in the transactions.
 * - Emits when: the oldest envelope's records are acknowledged and downstream pulls.
 * - Backpressures when: `parallelism` envelopes are held, or a transaction is committing.
 * - Completes when: upstream completes and the last transaction committed.
 * - Cancels when: downstream cancels (aborting), or a send or commit fails (aborting).
 * @throws TypeError for an empty transactional id or settings without bootstrap servers.
 * @example
 * ```ts
 * import { ProducerMessage, ProducerSettings, Transactional, type ConsumerSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const results = Transactional.sourceWithOffsetContext(consumerSettings, { topics: ['in'] })
 *   .map((record) => ProducerMessage.single({ topic: 'out', value: record.value }))
 *   .via(Transactional.flowWithOffsetContext(producerSettings, 'copier-1'));
 * ```
 */
export function flowWithOffsetContext<K, V, PO extends TransactionalOffset>(
  settings: ProducerSettings<K, V>,
  transactionalId: string,
): FlowWithContext<Envelope<K, V, unknown>, PO, Results<K, V, PO>, PO, NotUsed> {
  const stage = new TransactionalProducerStage<K, V, PO>(
    'Transactional.flowWithOffsetContext',
    settings,
    transactionalId,
    consumedOffset,
  );
  return FlowWithContext.fromTuples(
    Flow.create<readonly [Envelope<K, V, unknown>, PO]>()
      .via(map(envelopeWithOffset<K, V, PO>))
      .via(Flow.fromGraph(stage))
      .via(map(resultWithOffset<K, V, PO>)),
  );
}

/**
 * {@link flowWithOffsetContext} into `Sink.ignore`: takes `[envelope, offset]` pairs, as a
 * `SourceWithContext` runs into a sink, and resolves once the last transaction committed.
 * - Backpressures when: `parallelism` envelopes are held, or a transaction is committing.
 * - Completes when: upstream completes and the last transaction committed.
 * - Cancels when: a send or commit fails (the open transaction is aborted).
 * @throws TypeError for an empty transactional id or settings without bootstrap servers.
 * @example
 * ```ts
 * import { ProducerMessage, ProducerSettings, Transactional, type ConsumerSettings } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const done = Transactional.sourceWithOffsetContext(consumerSettings, { topics: ['in'] })
 *   .map((record) => ProducerMessage.single({ topic: 'out', value: record.value }))
 *   .asSource()
 *   .runWith(Transactional.sinkWithOffsetContext(producerSettings, 'copier-1'));
 * ```
 */
export function sinkWithOffsetContext<K, V, PO extends TransactionalOffset>(
  settings: ProducerSettings<K, V>,
  transactionalId: string,
): Sink<readonly [Envelope<K, V, unknown>, PO], Promise<void>> {
  return Flow.create<readonly [Envelope<K, V, unknown>, PO]>()
    .via(map(envelopeWithOffset<K, V, PO>))
    .via(
      Flow.fromGraph(
        new TransactionalProducerStage<K, V, PO>(
          'Transactional.sinkWithOffsetContext',
          settings,
          transactionalId,
          consumedOffset,
        ),
      ),
    )
    .toMat(ignore(), Keep.right);
}

function envelopeWithOffset<K, V, PO>([envelope, offset]: readonly [
  Envelope<K, V, unknown>,
  PO,
]): Envelope<K, V, PO> {
  return envelope.withPassThrough(offset);
}

function resultWithOffset<K, V, PO>(result: Results<K, V, PO>): readonly [Results<K, V, PO>, PO] {
  return [result, result.passThrough];
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
export function plainFlow<K, V, PassThrough>(
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
export function plainSink<K, V, PassThrough>(
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
