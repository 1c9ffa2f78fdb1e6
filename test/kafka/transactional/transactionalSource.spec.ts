import { Kafka, logLevel } from 'kafkajs';
import { Keep, Materializer } from 'sluice';
import {
  ConsumerSettings,
  Deserializers,
  KafkaRecordError,
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Subscriptions,
  Transactional,
  type RecordDeserializer,
  type TransactionalSourceSettings,
} from 'sluice/kafka';
import { assertAllStagesStopped, EmbeddedKafka, VirtualClock } from 'sluice/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../eventually.js';
import { readCommitted } from './readCommitted.js';

const text: RecordDeserializer<string> = {
  deserialize: (data) => data?.toString() ?? '',
};

let kafka: EmbeddedKafka;
let client: Kafka;
let mat: Materializer;
let n = 0;

function unique(prefix: string): string {
  return `${prefix}-${++n}`;
}

function consumerSettings(groupId: string): TransactionalSourceSettings<string, string> {
  return {
    bootstrapServers: kafka.bootstrapServers,
    groupId,
    keyDeserializer: text,
    valueDeserializer: text,
    autoOffsetReset: 'earliest',
    clientOptions: { logLevel: logLevel.NOTHING },
    consumerOptions: { maxWaitTimeInMs: 50, heartbeatInterval: 100 },
  };
}

function producerSettings(): ProducerSettings<string, string> {
  return ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withEosCommitInterval(20)
    .withClientOption('logLevel', logLevel.NOTHING);
}

async function produce(topic: string, values: readonly string[], partitions = 1): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: values.map((value, i) => ({ value, partition: i % partitions })),
  });
  await producer.disconnect();
}

function allCommitted(topic: string, partitions: number): string[] {
  const all: string[] = [];
  for (let p = 0; p < partitions; p++) all.push(...readCommitted(kafka, topic, p));
  return all.sort();
}

function copier(input: string, output: string, groupId: string, transactionalId: string) {
  return Transactional.source(consumerSettings(groupId), { topics: [input] })
    .map((msg) =>
      ProducerMessage.single(
        { topic: output, partition: msg.record.partition, value: msg.record.value.toUpperCase() },
        msg.partitionOffset,
      ),
    )
    .toMat(Transactional.sink(producerSettings(), transactionalId), Keep.both)
    .run(mat);
}

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

describe('Transactional.source → Transactional.sink', () => {
  it('copies every record exactly once and commits the consumed offsets with the output', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 2);
    kafka.createTopic(output, 2);
    const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
    await produce(input, values, 2);
    const [control, done] = copier(input, output, group, unique('txn'));
    await eventually(() => {
      expect(allCommitted(output, 2)).toHaveLength(30);
    });
    await control.drainAndShutdown(done);
    expect(allCommitted(output, 2)).toEqual(values.map((v) => v.toUpperCase()).sort());
    const offsets = kafka.committedOffsets(group).map((o) => [o.partition, Number(o.offset)]);
    expect(offsets).toEqual([
      [0, 15],
      [1, 15],
    ]);
  });

  it('takes ConsumerSettings as Alpakka does, forcing read_committed', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    await produce(input, ['x', 'y']);
    const settings = ConsumerSettings.create({
      keyDeserializer: Deserializers.string,
      valueDeserializer: Deserializers.string,
    })
      .withBootstrapServers(...kafka.bootstrapServers)
      .withGroupId(group)
      .withProperty('autoOffsetReset', 'earliest')
      .withProperty('isolationLevel', 'read_uncommitted')
      .withProperty('logLevel', logLevel.NOTHING)
      .withProperty('maxWaitTimeInMs', 50);
    const [control, done] = Transactional.source(settings, { topics: [input] })
      .map((msg) =>
        ProducerMessage.single({ topic: output, value: msg.record.value }, msg.partitionOffset),
      )
      .toMat(Transactional.sink(producerSettings(), unique('txn')), Keep.both)
      .run(mat);
    await vi.waitFor(
      () => {
        expect(readCommitted(kafka, output)).toEqual(['x', 'y']);
      },
      { timeout: 10_000 },
    );
    await control.drainAndShutdown(done);
    expect(kafka.committedOffsets(group).map((o) => Number(o.offset))).toEqual([2]);
  });

  it('skips input records of aborted transactions (read_committed)', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    const txProducer = client.producer({
      transactionalId: unique('upstream'),
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await txProducer.connect();
    const aborted = await txProducer.transaction();
    await aborted.send({ topic: input, messages: [{ value: 'ghost' }] });
    await aborted.abort();
    const committed = await txProducer.transaction();
    await committed.send({ topic: input, messages: [{ value: 'real' }] });
    await committed.commit();
    await txProducer.disconnect();

    const [control, done] = copier(input, output, group, unique('txn'));
    await eventually(() => {
      expect(readCommitted(kafka, output)).toEqual(['REAL']);
    });
    await control.drainAndShutdown(done);
    expect(readCommitted(kafka, output)).toEqual(['REAL']);
  });

  it('fails naming topic/partition@offset when a record cannot be deserialized', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    await produce(input, ['ok', 'bad']);
    const strict: RecordDeserializer<string> = {
      deserialize: (data) => {
        const s = data?.toString() ?? '';
        if (s === 'bad') throw new Error('not a good value');
        return s;
      },
    };
    const [control, done] = Transactional.source(
      { ...consumerSettings(group), valueDeserializer: strict },
      { topics: [input] },
    )
      .map((msg) =>
        ProducerMessage.single({ topic: output, value: msg.record.value }, msg.partitionOffset),
      )
      .toMat(Transactional.sink(producerSettings(), unique('txn')), Keep.both)
      .run(mat);
    const error = await done.then(
      () => undefined,
      (e: unknown) => e,
    );
    // The source's own error reaches the sink's promise unwrapped.
    expect(error).toBeInstanceOf(KafkaRecordError);
    expect(error).toMatchObject({ topic: input, partition: 0, offset: 1 });
    expect((error as Error).message).toMatch(
      new RegExp(
        `^Transactional\\.source#\\d+: cannot deserialize the record at ${input}/0@1: not a good value`,
      ),
    );
    await control.isShutdown;
    // The failed stream aborted its transaction: nothing committed past the bad record.
    expect(readCommitted(kafka, output)).toEqual([]);
    expect(kafka.committedOffsets(group)).toEqual([]);
  });

  it('fails naming the partition when an emitted record never reaches the sink', async () => {
    const clock = new VirtualClock();
    mat = new Materializer({ clock });
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 1);
    kafka.createTopic(output, 1);
    await produce(input, ['dropped']);
    let seen = 0;
    const [control, done] = Transactional.source(consumerSettings(group), { topics: [input] })
      .map((msg) => {
        seen++;
        return msg;
      })
      // A filter that drops the record without a pass-through: its offset never commits.
      .filter((msg) => msg.record.value !== 'dropped')
      .map((msg) =>
        ProducerMessage.single({ topic: output, value: msg.record.value }, msg.partitionOffset),
      )
      .toMat(Transactional.sink(producerSettings(), unique('txn')), Keep.both)
      .run(mat);
    await eventually(() => {
      expect(seen).toBe(1);
    });
    clock.advance(15_000);
    await expect(done).rejects.toThrow(
      new RegExp(
        `^Transactional\\.source#\\d+: records of ${input}/0 up to offset 0 were emitted but not committed within 15000 ms; every record must reach a transactional sink`,
      ),
    );
    await control.isShutdown;
    expect(kafka.committedOffsets(group)).toEqual([]);
  });

  it('refuses settings without a group id', () => {
    mat = new Materializer();
    expect(() =>
      Transactional.source({ ...consumerSettings(''), groupId: '' }, { topics: ['x'] }),
    ).toThrow(/Transactional\.source: consumer settings need a group id/);
  });

  it('refuses a rebalance listener rather than ignoring it', () => {
    mat = new Materializer();
    const subscription = Subscriptions.topics('x').withRebalanceListener({
      onAssign: () => undefined,
    });
    expect(() => Transactional.source(consumerSettings('g'), subscription)).toThrow(
      /Transactional\.source: a rebalance listener is not supported on transactional sources/,
    );
  });

  it('hands partitions over on rebalance without losing or repeating a record', async () => {
    mat = new Materializer();
    const [input, output, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, 4);
    kafka.createTopic(output, 4);
    const first = Array.from({ length: 40 }, (_, i) => `a${i}`);
    await produce(input, first, 4);
    const [controlA, doneA] = copier(input, output, group, unique('txn-a'));
    await eventually(() => {
      expect(allCommitted(output, 4).length).toBeGreaterThanOrEqual(10);
    });
    // A second member joins while A is busy: the group rebalances mid-stream.
    const [controlB, doneB] = copier(input, output, group, unique('txn-b'));
    const second = Array.from({ length: 40 }, (_, i) => `b${i}`);
    await produce(input, second, 4);
    await vi.waitFor(
      () => {
        expect(allCommitted(output, 4)).toHaveLength(80);
      },
      { timeout: 15_000 },
    );
    await Promise.all([controlA.drainAndShutdown(doneA), controlB.drainAndShutdown(doneB)]);
    expect(allCommitted(output, 4)).toEqual(
      [...first, ...second].map((v) => v.toUpperCase()).sort(),
    );
  });
});
