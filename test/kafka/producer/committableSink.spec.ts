import { Kafka, logLevel } from 'kafkajs';
import { Keep, Materializer } from 'sluice';
import {
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  Deserializers,
  DrainingControl,
  KafkaProducerError,
  Producer,
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Subscriptions,
} from 'sluice/kafka';
import { assertAllStagesStopped, EmbeddedKafka } from 'sluice/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../eventually.js';

const PRODUCE = 0;
let kafka: EmbeddedKafka;
let client: Kafka;
let mat: Materializer;
let n = 0;

function unique(prefix: string): string {
  return `${prefix}-${++n}`;
}

function consumerSettings(groupId: string): ConsumerSettings<string, string> {
  return ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withGroupId(groupId)
    .withStopTimeout(0)
    .withProperty('autoOffsetReset', 'earliest')
    .withProperty('logLevel', logLevel.NOTHING)
    .withProperty('maxWaitTimeInMs', 50);
}

function producerSettings(): ProducerSettings<string, string> {
  return ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withClientOption('logLevel', logLevel.NOTHING);
}

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

const stored = (topic: string): string[] =>
  kafka.records(topic, 0).map((r) => r.value?.toString() ?? 'null');
const committed = (group: string): number[] =>
  kafka.committedOffsets(group).map((o) => Number(o.offset));

beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ port: 0, log: () => undefined });
  client = new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING });
});
afterAll(async () => {
  await kafka.stop();
});
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Producer.committableSink', () => {
  it('produces, then commits each offset once its output is stored (the talk workflow)', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const values = Array.from({ length: 25 }, (_, i) => `v${i}`);
    await produce(input, values);
    const control = Consumer.committableSource(consumerSettings(group), Subscriptions.topics(input))
      .map((msg) =>
        // Odd records are filtered out, yet their offsets still commit, in order.
        Number(msg.record.value.slice(1)) % 2 === 0
          ? ProducerMessage.single(
              { topic: output, value: msg.record.value },
              msg.committableOffset,
            )
          : ProducerMessage.passThrough(msg.committableOffset),
      )
      .toMat(
        Producer.committableSink(producerSettings(), CommitterSettings.create().withMaxBatch(5)),
        Keep.both,
      )
      .mapMaterializedValue(DrainingControl.create)
      .run(mat);
    await eventually(() => {
      expect(committed(group)).toEqual([25]);
    });
    await control.drainAndShutdown();
    expect(stored(output)).toEqual(values.filter((_, i) => i % 2 === 0));
  });

  it('commits nothing past a record whose send failed', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    await produce(input, ['a']);
    kafka.failNext(PRODUCE, 87 /* INVALID_RECORD */, 1);
    const control = Consumer.committableSource(consumerSettings(group), Subscriptions.topics(input))
      .map((msg) =>
        ProducerMessage.single({ topic: output, value: msg.record.value }, msg.committableOffset),
      )
      .toMat(Producer.committableSink(producerSettings(), CommitterSettings.create()), Keep.both)
      .mapMaterializedValue(DrainingControl.create)
      .run(mat);
    const error = await control.streamCompletion.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaProducerError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Producer\\.committableSink#\\d+: cannot send to ${output}/0: `),
    );
    await control.isShutdown;
    expect(committed(group)).toEqual([]);
  });
});

describe('Producer.committableSinkWithOffsetContext', () => {
  it('commits the context offsets after producing', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    await produce(input, ['x', 'y', 'z']);
    const control = Consumer.sourceWithOffsetContext(
      consumerSettings(group),
      Subscriptions.topics(input),
    )
      .map((record) => ProducerMessage.single({ topic: output, value: record.value.toUpperCase() }))
      .asSource()
      .toMat(
        Producer.committableSinkWithOffsetContext(
          producerSettings(),
          CommitterSettings.create().withMaxInterval(20),
        ),
        Keep.both,
      )
      .mapMaterializedValue(DrainingControl.create)
      .run(mat);
    await eventually(() => {
      expect(committed(group)).toEqual([3]);
    });
    await control.drainAndShutdown();
    expect(stored(output)).toEqual(['X', 'Y', 'Z']);
  });
});
