import { logLevel } from 'kafkajs';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  KafkaProducerError,
  MultiResult,
  PassThroughResult,
  Producer,
  ProducerMessage,
  ProducerSettings,
  Result,
  Serializers,
  type Results,
} from 'sluice/kafka';
import { assertAllStagesStopped, EmbeddedKafka, TestSink, TestSource } from 'sluice/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../eventually.js';

const PRODUCE = 0;
let kafka: EmbeddedKafka;
let mat: Materializer;
let topicCount = 0;

function newTopic(partitions = 1): string {
  const topic = `flexi-${++topicCount}`;
  kafka.createTopic(topic, partitions);
  return topic;
}

function settings(): ProducerSettings<string, string> {
  return ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withClientOption('logLevel', logLevel.NOTHING);
}

function stored(topic: string, partition = 0): string[] {
  return kafka.records(topic, partition).map((r) => r.value?.toString() ?? 'null');
}

beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ port: 0, log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});
afterEach(() => {
  kafka.delayResponses(PRODUCE, 0);
  assertAllStagesStopped(mat);
});

describe('Producer.flexiFlow', () => {
  it('emits one result per envelope in input order, with offsets and typed pass-through', async () => {
    mat = new Materializer();
    const topic = newTopic(3);
    const envelopes = Array.from({ length: 30 }, (_, i) =>
      ProducerMessage.single({ topic, key: `k${i % 7}`, value: `v${i}` }, i),
    );
    const results = await Source.from(envelopes)
      .via(Producer.flexiFlow<string, string, number>(settings()))
      .runWith(Sink.seq(), mat);
    expect(results.map((r) => r.passThrough)).toEqual(envelopes.map((_, i) => i));
    // Every result names where its record is stored.
    for (const [i, r] of results.entries()) {
      expect(r).toBeInstanceOf(Result);
      const { metadata } = r as Result<string, string, number>;
      expect(metadata.topic).toBe(topic);
      const record = kafka
        .records(topic, metadata.partition)
        .find((x) => x.offset === metadata.offset);
      expect(record?.value?.toString()).toBe(`v${i}`);
      expect(record?.key?.toString()).toBe(`k${i % 7}`);
    }
    const total = [0, 1, 2].reduce((n, p) => n + stored(topic, p).length, 0);
    expect(total).toBe(30);
  });

  it('sends every record of a multi message and passes pass-through messages on', async () => {
    mat = new Materializer();
    const a = newTopic();
    const b = newTopic();
    const results = await Source.from([
      ProducerMessage.multi(
        [
          { topic: a, value: 'a1' },
          { topic: b, value: 'b1' },
          { topic: a, value: 'a2', headers: { h: 'x' } },
        ],
        'first',
      ),
      ProducerMessage.passThrough<string, string, string>('skipped'),
      ProducerMessage.single<never, string, string>({ topic: a, value: null }, 'tombstone'),
    ])
      .via(Producer.flexiFlow<string, string, string>(settings()))
      .runWith(Sink.seq(), mat);
    expect(results.map((r) => r.passThrough)).toEqual(['first', 'skipped', 'tombstone']);
    const multi = results[0] as MultiResult<string, string, string>;
    expect(multi).toBeInstanceOf(MultiResult);
    expect(multi.parts.map((p) => [p.record.value, p.metadata.topic, p.metadata.offset])).toEqual([
      ['a1', a, 0],
      ['b1', b, 0],
      ['a2', a, 1],
    ]);
    expect(results[1]).toBeInstanceOf(PassThroughResult);
    expect((results[2] as Result<string, string, string>).offset).toBe(2);
    expect(stored(a)).toEqual(['a1', 'a2', 'null']);
    expect(stored(b)).toEqual(['b1']);
    expect(kafka.records(a, 0)[1]?.headers.map((h) => [h.key, h.value?.toString()])).toEqual([
      ['h', 'x'],
    ]);
  });

  it('holds at most parallelism envelopes: no pull while they wait for the broker', async () => {
    mat = new Materializer();
    const topic = newTopic();
    kafka.delayResponses(PRODUCE, 300);
    const [pub, sub] = TestSource.probe<string>()
      .map((value) => ProducerMessage.single({ topic, value }))
      .via(Producer.flexiFlow(settings().withParallelism(2)))
      .toMat(TestSink.probe<Results<string, string, undefined>>(), Keep.both)
      .run(mat);
    sub.request(10);
    await pub.expectRequest();
    // Sent in one turn, so they leave as one batch.
    pub.sendNext('a', 'b');
    // Both records reached the broker, whose answer is held back: the stage must not pull again.
    await eventually(() => {
      expect(stored(topic)).toEqual(['a', 'b']);
    });
    expect(pub.pending).toBe(0);
    kafka.delayResponses(PRODUCE, 0);
    const [ra, rb] = await sub.expectNextN(2);
    expect([ra?.kind, rb?.kind]).toEqual(['result', 'result']);
    await pub.expectRequest();
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails naming the topic and partition when the broker refuses a send', async () => {
    mat = new Materializer();
    const topic = newTopic(2);
    kafka.failNext(PRODUCE, 87 /* INVALID_RECORD, not retriable */, 1);
    const done = Source.single(ProducerMessage.single({ topic, partition: 1, value: 'x' }))
      .via(Producer.flexiFlow(settings()))
      .runWith(Sink.ignore(), mat);
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KafkaProducerError);
    expect(error).toMatchObject({ topic, partition: 1 });
    expect((error as Error).message).toMatch(
      new RegExp(`^Producer\\.flexiFlow#\\d+: cannot send to ${topic}/1: `),
    );
  });

  it('fails naming the topic when a serializer throws', async () => {
    mat = new Materializer();
    const topic = newTopic();
    const json = ProducerSettings.create({
      keySerializer: Serializers.string,
      valueSerializer: Serializers.json<unknown>(),
    })
      .withBootstrapServers(...kafka.bootstrapServers)
      .withClientOption('logLevel', logLevel.NOTHING);
    const error = await Source.single(ProducerMessage.single({ topic, value: undefined }))
      .via(Producer.flexiFlow(json))
      .runWith(Sink.ignore(), mat)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(KafkaProducerError);
    expect(error).toMatchObject({ topic, partition: undefined });
    expect((error as Error).message).toMatch(/cannot serialize a record for topic 'flexi-\d+'/);
    expect(stored(topic)).toEqual([]);
  });

  it('fails when upstream fails and stops when downstream cancels', async () => {
    mat = new Materializer();
    const topic = newTopic();
    const [pub, sub] = TestSource.probe<string>()
      .map((value) => ProducerMessage.single({ topic, value }))
      .via(Producer.flexiFlow(settings()))
      .toMat(TestSink.probe<Results<string, string, undefined>>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext('a');
    await sub.expectNextAny();
    pub.sendError(new Error('boom'));
    expect(await sub.expectError()).toMatchObject({ message: 'boom' });

    const [pub2, sub2] = TestSource.probe<string>()
      .map((value) => ProducerMessage.single({ topic, value }))
      .via(Producer.flexiFlow(settings()))
      .toMat(TestSink.probe<Results<string, string, undefined>>(), Keep.both)
      .run(mat);
    sub2.request(1);
    await pub2.expectRequest();
    sub2.cancel();
    await pub2.expectCancellation();
  });
});

describe('Producer.plainSink', () => {
  it('produces every record and resolves once all are acknowledged', async () => {
    mat = new Materializer();
    const topic = newTopic();
    const values = Array.from({ length: 50 }, (_, i) => `r${i}`);
    await Source.from(values)
      .map((value) => ({ topic, key: value, value }))
      .runWith(Producer.plainSink(settings()), mat);
    expect(stored(topic)).toEqual(values);
  });

  it('rejects when the stream fails', async () => {
    mat = new Materializer();
    const done = Source.failed<{ topic: string; value: string }>(new Error('upstream')).runWith(
      Producer.plainSink(settings()),
      mat,
    );
    await expect(done).rejects.toThrow('upstream');
  });
});

describe('Producer.flowWithContext', () => {
  it('carries each context beside its result, in order', async () => {
    mat = new Materializer();
    const topic = newTopic();
    const pairs = await Source.from(['a', 'bb', 'ccc'])
      .asSourceWithContext((s) => s.length)
      .map((value) => ProducerMessage.single({ topic, value }))
      .via(Producer.flowWithContext<string, string, number>(settings()))
      .asSource()
      .map(([result, context]) => [result.kind, context] as const)
      .runWith(Sink.seq(), mat);
    expect(pairs).toEqual([
      ['result', 1],
      ['result', 2],
      ['result', 3],
    ]);
    expect(stored(topic)).toEqual(['a', 'bb', 'ccc']);
  });
});

describe('ProducerSettings', () => {
  it('refuses bad settings at construction, naming them', () => {
    expect(() => settings().withParallelism(0)).toThrow(
      'ProducerSettings: parallelism must be a positive integer, got 0',
    );
    expect(() => settings().withEosCommitInterval(0)).toThrow(/eosCommitInterval must be positive/);
    expect(() => settings().withCloseTimeout(-1)).toThrow(/closeTimeout must be a non-negative/);
    expect(() => settings().withBootstrapServers('nohost')).toThrow(/bootstrapServers must be/);
    expect(settings().withBootstrapServers('[::1]:9092', 'a:1,b:2').bootstrapServers).toEqual([
      '[::1]:9092',
      'a:1',
      'b:2',
    ]);
    const noServers = ProducerSettings.create({
      keySerializer: Serializers.string,
      valueSerializer: Serializers.string,
    });
    expect(() => Producer.plainSink(noServers)).toThrow(
      /Producer\.plainSink: producer settings have no bootstrap servers/,
    );
  });

  it('is immutable: with* returns a changed copy', () => {
    const base = settings();
    const changed = base.withParallelism(7).withEosCommitInterval(250).withClientId('me');
    expect([base.parallelism, base.eosCommitInterval, base.clientId]).toEqual([
      100,
      100,
      'sluice-producer',
    ]);
    expect([changed.parallelism, changed.eosCommitInterval, changed.clientId]).toEqual([
      7,
      250,
      'me',
    ]);
    expect(base.idempotent).toBe(true);
    expect(Object.isFrozen(base)).toBe(true);
  });
});
