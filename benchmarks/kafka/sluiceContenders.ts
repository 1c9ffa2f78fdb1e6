/**
 * The sluice contenders of the connector benchmark: the same workloads as the kafkajs peers,
 * written with the connector as its docs show, each stopping after `count` records.
 */
import { logLevel } from 'kafkajs';
import { Keep, Materializer, Sink } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  Deserializers,
  DrainingControl,
  Producer,
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Subscriptions,
  Transactional,
  type RecordDeserializer,
} from 'sluice/kafka';
import { CONSUMER_OPTIONS } from './kafkajsPeers.js';

const mat = new Materializer();
const text: RecordDeserializer<string> = { deserialize: (data) => data?.toString() ?? '' };

function producerSettings(bootstrapServers: readonly string[]): ProducerSettings<string, string> {
  return ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.string,
  })
    .withBootstrapServers(...bootstrapServers)
    .withClientOption('logLevel', logLevel.NOTHING);
}

function consumerSettings(
  bootstrapServers: readonly string[],
  groupId: string,
): ConsumerSettings<string, string> {
  return ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.string,
  })
    .withBootstrapServers(...bootstrapServers)
    .withGroupId(groupId)
    .withStopTimeout(0)
    .withProperty('autoOffsetReset', 'earliest')
    .withProperty('logLevel', logLevel.NOTHING)
    .withProperty('maxWaitTimeInMs', CONSUMER_OPTIONS.maxWaitTimeInMs)
    .withProperty('heartbeatInterval', CONSUMER_OPTIONS.heartbeatInterval);
}

/** `Consumer.plainSource → take(count)`, summing the decoded values' lengths as the peer does. */
export async function plainConsume(
  bootstrapServers: readonly string[],
  topic: string,
  groupId: string,
  count: number,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const [control, bytes] = Consumer.plainSource(
    consumerSettings(bootstrapServers, groupId),
    Subscriptions.topics(topic),
  )
    .take(count)
    .toMat(
      Sink.fold(0, (sum: number, r: { readonly value: string }) => sum + r.value.length),
      Keep.both,
    )
    .run(mat);
  if ((await bytes) === 0) throw new Error('plainConsume: read no bytes');
  const ns = Number(process.hrtime.bigint() - t0);
  await control.isShutdown;
  return ns;
}

/**
 * `committableSource → map → Producer.flexiFlow → Committer.batchFlow` (what Alpakka's
 * `committableSink` is made of): upper-cases each value into the same partition of `output` and
 * commits each offset once its record is acknowledged, in batches (CommitterSettings defaults).
 * The clock stops when the committed batches cover `count` records; then the stream drains.
 */
export async function committablePipeline(
  bootstrapServers: readonly string[],
  input: string,
  output: string,
  groupId: string,
  count: number,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  let committed = 0;
  let allCommitted: () => void = () => undefined;
  const isCommitted = new Promise<void>((resolve) => {
    allCommitted = resolve;
  });
  const control = Consumer.committableSource(
    consumerSettings(bootstrapServers, groupId),
    Subscriptions.topics(input),
  )
    .map((msg) =>
      ProducerMessage.single(
        { topic: output, partition: msg.record.partition, value: msg.record.value.toUpperCase() },
        msg.committableOffset,
      ),
    )
    .via(Producer.flexiFlow(producerSettings(bootstrapServers)))
    .map((result) => result.passThrough)
    .via(Committer.batchFlow(CommitterSettings.create()))
    .toMat(
      Sink.foreach((batch: { readonly batchSize: number }) => {
        committed += batch.batchSize;
        if (committed >= count) allCommitted();
      }),
      Keep.both,
    )
    .mapMaterializedValue(DrainingControl.create)
    .run(mat);
  await isCommitted;
  const ns = Number(process.hrtime.bigint() - t0);
  await control.drainAndShutdown();
  return ns;
}

/**
 * `Transactional.source → map → take(count) → Transactional.sink` at `eosCommitInterval` 100 ms:
 * the exactly-once copy, upper-casing each value into the same partition of `output`.
 */
export async function transactionalPipeline(
  bootstrapServers: readonly string[],
  input: string,
  output: string,
  groupId: string,
  transactionalId: string,
  count: number,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const [control, done] = Transactional.source(
    {
      bootstrapServers,
      groupId,
      keyDeserializer: text,
      valueDeserializer: text,
      autoOffsetReset: 'earliest',
      clientOptions: { logLevel: logLevel.NOTHING },
      consumerOptions: CONSUMER_OPTIONS,
    },
    { topics: [input] },
  )
    .map((msg) =>
      ProducerMessage.single(
        { topic: output, partition: msg.record.partition, value: msg.record.value.toUpperCase() },
        msg.partitionOffset,
      ),
    )
    .take(count)
    .toMat(
      Transactional.sink(
        producerSettings(bootstrapServers).withEosCommitInterval(100),
        transactionalId,
      ),
      Keep.both,
    )
    .run(mat);
  await done;
  const ns = Number(process.hrtime.bigint() - t0);
  await control.isShutdown;
  return ns;
}
