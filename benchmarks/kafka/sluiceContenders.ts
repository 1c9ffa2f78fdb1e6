/**
 * The sluice contenders of the connector benchmark: the same workloads as the kafkajs peers,
 * written with the connector as its docs show, each stopping after `count` records.
 */
import { logLevel } from 'kafkajs';
import { Keep, Materializer } from '../../src/index.js';
import {
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Transactional,
  type RecordDeserializer,
} from '../../src/kafka/index.js';
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
