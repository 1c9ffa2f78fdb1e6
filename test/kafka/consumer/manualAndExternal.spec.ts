import { Keep, Sink } from 'sluice';
import {
  Consumer,
  KafkaConnectionFailedError,
  KafkaConsumerActor,
  Subscriptions,
} from 'sluice/kafka';
import { EmbeddedKafka } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produce, settings, unique, values, waitFor } from './kafkaTest.js';

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

const p = (topic: string, partition: number) => ({ topic, partition });

describe('manual subscriptions', () => {
  it('assignment reads exactly the given partitions; assignmentWithOffset starts where told', async () => {
    const topic = unique('manual');
    kafka.createTopic(topic, 2);
    await produce(kafka, topic, values(20), 2);
    const one = await Consumer.plainSource(
      settings(kafka, unique('g')),
      Subscriptions.assignment(p(topic, 1)),
    )
      .take(10)
      .map((r) => `${r.partition}@${r.offset}`)
      .runWith(Sink.seq());
    expect(one).toEqual(Array.from({ length: 10 }, (_, i) => `1@${i}`));
    const fromSeven = await Consumer.plainSource(
      settings(kafka, unique('g')),
      Subscriptions.assignmentWithOffset([[p(topic, 0), 7]]),
    )
      .take(3)
      .map((r) => r.offset)
      .runWith(Sink.seq());
    expect(fromSeven).toEqual([7, 8, 9]);
  });

  it('assignmentOffsetsForTimes starts at the first record at or after the time', async () => {
    const topic = unique('times');
    await produce(kafka, topic, values(3, 'early'));
    await new Promise((r) => setTimeout(r, 5)); // distinct record timestamps
    const since = Date.now();
    await produce(kafka, topic, values(3, 'late'));
    const got = await Consumer.plainSource(
      settings(kafka, unique('g')),
      Subscriptions.assignmentOffsetsForTimes([[p(topic, 0), since]]),
    )
      .take(3)
      .map((r) => r.value)
      .runWith(Sink.seq());
    expect(got).toEqual(values(3, 'late'));
  });

  it('refuses bad subscriptions, naming them', () => {
    expect(() => Subscriptions.topics()).toThrow(
      /^Subscriptions.topics: at least one topic is needed$/,
    );
    expect(() => Subscriptions.assignment({ topic: 'a', partition: -1 })).toThrow(
      /^Subscriptions.assignment: partition must be a non-negative integer, got -1$/,
    );
    expect(() => Subscriptions.topics('a/b')).toThrow(/without '\/', '@' or spaces/);
  });
});

describe('external sources', () => {
  it('share one consumer between streams, each reading its own partitions', async () => {
    const topic = unique('shared');
    kafka.createTopic(topic, 2);
    await produce(kafka, topic, values(20), 2);
    const actor = KafkaConsumerActor.create(
      settings(kafka, unique('g')),
      Subscriptions.assignment(p(topic, 0), p(topic, 1)),
    );
    const run = (partition: number) =>
      Consumer.plainExternalSource(actor, Subscriptions.assignment(p(topic, partition)))
        .take(10)
        .map((r) => `${r.partition}:${r.value}`)
        .runWith(Sink.seq());
    const [zero, one] = await Promise.all([run(0), run(1)]);
    expect(zero).toEqual(
      values(20)
        .filter((_, i) => i % 2 === 0)
        .map((v) => `0:${v}`),
    );
    expect(one).toEqual(
      values(20)
        .filter((_, i) => i % 2 === 1)
        .map((v) => `1:${v}`),
    );
    await actor.stop();
    expect(() =>
      Consumer.plainExternalSource(actor, Subscriptions.assignment(p(topic, 5))),
    ).toThrow(/partition .*\/5 is not read by this KafkaConsumerActor/);
  });
});

describe('connection checker', () => {
  it('fails the stream with KafkaConnectionFailedError when the broker goes away', async () => {
    const broker = await EmbeddedKafka.start({ log: () => undefined });
    const topic = unique('gone');
    await produce(broker, topic, values(2));
    const s = settings(broker, unique('g'))
      .withConnectionChecker({ checkInterval: 50, maxRetries: 2, backoffFactor: 1 })
      .withMetadataRequestTimeout(200);
    const [control, done] = Consumer.plainSource(s, Subscriptions.topics(topic))
      .toMat(Sink.seq(), Keep.both)
      .run();
    await waitFor(async () => (await control.metrics()).partitions.length === 1);
    await broker.stop();
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaConnectionFailedError);
    expect((error as Error).message).toMatch(
      /^plainSource: lost the connection to 127\.0\.0\.1:\d+: 2 metadata requests failed in a row: /,
    );
    await control.isShutdown;
  }, 20_000);
});
