import { Flow, Keep, type NotUsed, type Sink } from '../core/index.js';
import { FlowWithContext, ignore, map } from '../stages/index.js';
import { CommitterStage } from './committer/CommitterStage.js';
import type { Committable } from './ConsumerMessage.js';
import { ProducerStage } from './producer/ProducerStage.js';
import { type Envelope, Message, type ProducerRecord, type Results } from './ProducerMessage.js';
import type { CommitterSettings } from './settings/CommitterSettings.js';
import type { ProducerSettings } from './settings/ProducerSettings.js';

/**
 * Produces every record it receives and materializes to a promise that resolves once upstream
 * completed, every record was acknowledged and the producer closed; it rejects with a
 * `KafkaProducerError` naming the topic and partition if a send fails.
 * - Backpressures when: `parallelism` records are in flight.
 * - Completes when: upstream completes and every record was acknowledged.
 * - Cancels when: a send or a serializer fails.
 * @throws TypeError if the settings have no bootstrap servers.
 * @example
 * ```ts
 * import { Source } from 'sluice';
 * import { Producer, ProducerSettings, Serializers } from 'sluice/kafka';
 *
 * const settings = ProducerSettings.create({
 *   keySerializer: Serializers.string,
 *   valueSerializer: Serializers.string,
 * }).withBootstrapServers('localhost:9092');
 * const done: Promise<void> = Source.from(['a', 'b', 'c'])
 *   .map((value) => ({ topic: 'letters', value }))
 *   .runWith(Producer.plainSink(settings));
 * ```
 */
function plainSink<K, V>(
  settings: ProducerSettings<K, V>,
): Sink<ProducerRecord<K, V>, Promise<void>> {
  return Flow.create<ProducerRecord<K, V>>()
    .map(toMessage)
    .via(Flow.fromGraph(new ProducerStage<K, V, undefined>('Producer.plainSink', settings)))
    .toMat(ignore(), Keep.right);
}

function toMessage<K, V>(record: ProducerRecord<K, V>): Envelope<K, V, undefined> {
  return new Message(record, undefined);
}

/**
 * Produces the records of each envelope and emits one result per envelope, in input order:
 * a `Result` for `single`, a `MultiResult` once all records of a `multi` are acknowledged, a
 * `PassThroughResult` for `passThrough`, each carrying the envelope's pass-through value. Records
 * that arrive in the same turn go out as one kafkajs batch.
 * - Emits when: the oldest envelope's records are all acknowledged and downstream pulls.
 * - Backpressures when: `parallelism` envelopes are held (in flight, or acknowledged behind an
 *   older one) and downstream backpressures.
 * - Completes when: upstream completes, every result was emitted and the producer closed.
 * - Cancels when: downstream cancels, or a send or serializer fails (`KafkaProducerError`).
 * @throws TypeError if the settings have no bootstrap servers.
 * @example
 * ```ts
 * import { Sink, Source } from 'sluice';
 * import { Producer, ProducerMessage, ProducerSettings, Serializers } from 'sluice/kafka';
 *
 * const settings = ProducerSettings.create({
 *   keySerializer: Serializers.string,
 *   valueSerializer: Serializers.json<{ n: number }>(),
 * }).withBootstrapServers('localhost:9092');
 * const offsets = Source.from([1, 2, 3])
 *   .map((n) => ProducerMessage.single({ topic: 'numbers', key: `${n}`, value: { n } }, n))
 *   .via(Producer.flexiFlow(settings))
 *   .map((result) => result.passThrough)
 *   .runWith(Sink.seq());
 * ```
 */
function flexiFlow<K, V, PassThrough>(
  settings: ProducerSettings<K, V>,
): Flow<Envelope<K, V, PassThrough>, Results<K, V, PassThrough>, NotUsed> {
  return Flow.fromGraph(new ProducerStage<K, V, PassThrough>('Producer.flexiFlow', settings));
}

/**
 * {@link flexiFlow} as a `FlowWithContext`: the context rides beside each envelope (as its
 * pass-through) and comes out beside its result, for example a committable offset on its way from
 * `Consumer.sourceWithOffsetContext` to `Committer.sinkWithOffsetContext`.
 * - Emits when: the oldest envelope's records are all acknowledged and downstream pulls.
 * - Backpressures when: `parallelism` envelopes are held and downstream backpressures.
 * - Completes when: upstream completes and every result was emitted.
 * - Cancels when: downstream cancels, or a send or serializer fails.
 * @throws TypeError if the settings have no bootstrap servers.
 * @example
 * ```ts
 * import { Source } from 'sluice';
 * import { Producer, ProducerMessage, ProducerSettings, Serializers } from 'sluice/kafka';
 *
 * declare const settings: ProducerSettings<string, string>;
 * const contexts = Source.from(['a', 'b'])
 *   .asSourceWithContext((s) => s.length)
 *   .map((value) => ProducerMessage.single({ topic: 'out', value }))
 *   .via(Producer.flowWithContext<string, string, number>(settings))
 *   .asSource()
 *   .map(([, context]) => context);
 * ```
 */
function flowWithContext<K, V, Ctx>(
  settings: ProducerSettings<K, V>,
): FlowWithContext<Envelope<K, V, unknown>, Ctx, Results<K, V, Ctx>, Ctx, NotUsed> {
  const stage = new ProducerStage<K, V, Ctx>('Producer.flowWithContext', settings);
  return FlowWithContext.fromTuples(
    Flow.create<readonly [Envelope<K, V, unknown>, Ctx]>()
      .via(map(withContext<K, V, Ctx>))
      .via(Flow.fromGraph(stage))
      .via(map(resultWithContext<K, V, Ctx>)),
  );
}

function withContext<K, V, Ctx>([envelope, context]: readonly [
  Envelope<K, V, unknown>,
  Ctx,
]): Envelope<K, V, Ctx> {
  return envelope.withPassThrough(context);
}

function resultWithContext<K, V, Ctx>(
  result: Results<K, V, Ctx>,
): readonly [Results<K, V, Ctx>, Ctx] {
  return [result, result.passThrough];
}

/**
 * Produces each envelope and, once its records are acknowledged, commits the committable offset it
 * carries as pass-through, batched by the committer settings (`maxBatch`, `maxInterval`): the
 * at-least-once consume-transform-produce sink. Offsets are committed in input order, after their
 * output is stored, so a crash between the two gives duplicates, never losses. The promise
 * resolves once upstream completed, every record was acknowledged and every offset committed.
 * - Backpressures when: `parallelism` envelopes are held, or the committer's batches are in
 *   flight.
 * - Completes when: upstream completes, the last record is acknowledged and the last batch is
 *   committed.
 * - Cancels when: a send fails (`KafkaProducerError`) or a commit fails (`CommitFailedError`).
 * @throws TypeError if the producer settings have no bootstrap servers.
 * @example
 * ```ts
 * import { Keep } from 'sluice';
 * import {
 *   CommitterSettings, Consumer, ConsumerSettings, DrainingControl, Producer, ProducerMessage,
 *   ProducerSettings, Subscriptions,
 * } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const control = Consumer.committableSource(consumerSettings, Subscriptions.topics('in'))
 *   .map((msg) => ProducerMessage.single({ topic: 'out', value: msg.record.value }, msg.committableOffset))
 *   .toMat(Producer.committableSink(producerSettings, CommitterSettings.create()), Keep.both)
 *   .mapMaterializedValue(DrainingControl.create)
 *   .run();
 * ```
 */
function committableSink<K, V>(
  producerSettings: ProducerSettings<K, V>,
  committerSettings: CommitterSettings,
): Sink<Envelope<K, V, Committable>, Promise<void>> {
  return Flow.fromGraph(
    new ProducerStage<K, V, Committable>('Producer.committableSink', producerSettings),
  )
    .via(map(passThroughOf<K, V, Committable>))
    .via(
      Flow.fromGraph(new CommitterStage('Producer.committableSink.committer', committerSettings)),
    )
    .toMat(ignore(), Keep.right);
}

/**
 * {@link committableSink} taking `[envelope, committable]` pairs, as a `SourceWithContext` of
 * committable offsets runs into a sink.
 * - Backpressures when: `parallelism` envelopes are held, or the committer's batches are in
 *   flight.
 * - Completes when: upstream completes and the last batch is committed.
 * - Cancels when: a send or a commit fails.
 * @throws TypeError if the producer settings have no bootstrap servers.
 * @example
 * ```ts
 * import { CommitterSettings, Consumer, ConsumerSettings, Producer, ProducerMessage, ProducerSettings, Subscriptions } from 'sluice/kafka';
 *
 * declare const consumerSettings: ConsumerSettings<string, string>;
 * declare const producerSettings: ProducerSettings<string, string>;
 * const done = Consumer.sourceWithOffsetContext(consumerSettings, Subscriptions.topics('in'))
 *   .map((record) => ProducerMessage.single({ topic: 'out', value: record.value }))
 *   .asSource()
 *   .runWith(Producer.committableSinkWithOffsetContext(producerSettings, CommitterSettings.create()));
 * ```
 */
function committableSinkWithOffsetContext<K, V>(
  producerSettings: ProducerSettings<K, V>,
  committerSettings: CommitterSettings,
): Sink<readonly [Envelope<K, V, unknown>, Committable], Promise<void>> {
  return Flow.create<readonly [Envelope<K, V, unknown>, Committable]>()
    .via(map(withContext<K, V, Committable>))
    .via(
      Flow.fromGraph(
        new ProducerStage<K, V, Committable>(
          'Producer.committableSinkWithOffsetContext',
          producerSettings,
        ),
      ),
    )
    .via(map(passThroughOf<K, V, Committable>))
    .via(
      Flow.fromGraph(
        new CommitterStage(
          'Producer.committableSinkWithOffsetContext.committer',
          committerSettings,
        ),
      ),
    )
    .toMat(ignore(), Keep.right);
}

function passThroughOf<K, V, PT>(result: Results<K, V, PT>): PT {
  return result.passThrough;
}

/**
 * The producer stages: `plainSink`, `flexiFlow`, `flowWithContext` and `committableSink`, after
 * Alpakka Kafka's `Producer` object.
 */
export const Producer = {
  plainSink,
  flexiFlow,
  flowWithContext,
  committableSink,
  committableSinkWithOffsetContext,
} as const;
