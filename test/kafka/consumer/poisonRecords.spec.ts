import { Keep, Sink } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  Deserializers,
  KafkaRecordError,
  Subscriptions,
  type ConsumerRecord,
} from 'sluice/kafka';
import { EmbeddedKafka } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, committed, produce, settings, unique, waitFor } from './kafkaTest.js';

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

interface Order {
  readonly id: number;
}

function jsonSettings(group: string): ConsumerSettings<string, Order> {
  return settings(kafka, group).withValueDeserializer(Deserializers.json<Order>());
}

const input = ['{"id":0}', '{"id":1}', 'not json', '{"id":3}', '{"id":4}'];

describe('poison records', () => {
  it('fail the stream with KafkaRecordError naming topic/partition@offset; nothing past it is committed', async () => {
    const topic = unique('poison');
    const group = unique('g');
    await produce(kafka, topic, input);
    const seen: number[] = [];
    const done = Consumer.committableSource(jsonSettings(group), Subscriptions.topics(topic))
      .map((msg) => {
        seen.push(msg.record.value.id);
        return msg.committableOffset;
      })
      .runWith(Committer.sink(CommitterSettings.create()));
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaRecordError);
    const e = error as KafkaRecordError;
    expect([e.topic, e.partition, e.offset]).toEqual([topic, 0, 2]);
    expect(e.message).toMatch(
      new RegExp(`committableSource: cannot deserialize value at ${topic}/0@2: `),
    );
    expect(e.cause).toBeInstanceOf(SyntaxError);
    expect(seen).toEqual([0, 1]);
    // The records before it were committed by the emergency flush, never the poison one.
    await waitFor(async () => (await committed(kafka, group, topic))[0] === 2);
    expect(await committed(kafka, group, topic)).toEqual([2]);
  });

  it('are skipped when poisonRecords is skip', async () => {
    const topic = unique('skip');
    await produce(kafka, topic, input);
    const ids = await Consumer.plainSource(
      jsonSettings(unique('g')).withPoisonRecords('skip'),
      Subscriptions.topics(topic),
    )
      .take(4)
      .map((r: ConsumerRecord<string, Order>) => r.value.id)
      .runWith(Sink.seq());
    expect(ids).toEqual([0, 1, 3, 4]);
  });

  it('go to a dead-letter topic with the error in the headers', async () => {
    const topic = unique('dlq-in');
    const dlq = unique('dlq');
    kafka.createTopic(dlq, 1);
    await produce(kafka, topic, input);
    const [control, ids] = Consumer.plainSource(
      jsonSettings(unique('g')).withPoisonRecords({ deadLetterTopic: dlq }),
      Subscriptions.topics(topic),
    )
      .take(4)
      .map((r) => r.value.id)
      .toMat(Sink.seq(), Keep.both)
      .run();
    expect(await ids).toEqual([0, 1, 3, 4]);
    await control.isShutdown;
    await expectDeadLetter(dlq, topic);
  });

  it('of a partitioned source go to the dead-letter topic, and its sub-source goes on', async () => {
    const topic = unique('dlq-part-in');
    const dlq = unique('dlq-part');
    kafka.createTopic(dlq, 1);
    await produce(kafka, topic, input);
    const [control, ids] = Consumer.committablePartitionedSource(
      jsonSettings(unique('g')).withPoisonRecords({ deadLetterTopic: dlq }),
      Subscriptions.topics(topic),
    )
      .flatMapMerge(1, ([, records]) => records.map((msg) => msg.record.value.id))
      .take(4)
      .toMat(Sink.seq(), Keep.both)
      .run();
    expect(await ids).toEqual([0, 1, 3, 4]);
    await control.isShutdown;
    await expectDeadLetter(dlq, topic);
  });

  it('of a partitioned source fail the stream naming topic/partition@offset by default', async () => {
    const topic = unique('poison-part');
    await produce(kafka, topic, input);
    const done = Consumer.plainPartitionedSource(
      jsonSettings(unique('g')),
      Subscriptions.topics(topic),
    )
      .flatMapMerge(1, ([, records]) => records)
      .runWith(Sink.ignore());
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect((error as KafkaRecordError).offset).toBe(2);
  });
});

/** Reads the one record of `dlq`: the poison record of `topic`/0@2, with the error in its headers. */
async function expectDeadLetter(dlq: string, topic: string): Promise<void> {
  const consumer = client(kafka).consumer({ groupId: unique('reader') });
  await consumer.connect();
  await consumer.subscribe({ topics: [dlq], fromBeginning: true });
  const got: { value: string; headers: Record<string, string> }[] = [];
  await consumer.run({
    eachMessage: ({ message }) => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(message.headers ?? {})) headers[k] = String(v);
      got.push({ value: String(message.value), headers });
      return Promise.resolve();
    },
  });
  await waitFor(() => got.length === 1);
  await consumer.disconnect();
  expect(got).toHaveLength(1);
  expect(got[0]?.value).toBe('not json');
  expect(got[0]?.headers).toMatchObject({
    'sluice.topic': topic,
    'sluice.partition': '0',
    'sluice.offset': '2',
  });
  expect(got[0]?.headers['sluice.error']).toMatch(/^SyntaxError: /);
}
