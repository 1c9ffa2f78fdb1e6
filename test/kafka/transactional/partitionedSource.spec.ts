import { Kafka, logLevel } from 'kafkajs';
import { Keep, Materializer, Sink } from 'sluice';
import {
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Transactional,
  type RecordDeserializer,
  type TransactionalSourceSettings,
} from 'sluice/kafka';
import { assertAllStagesStopped, EmbeddedKafka } from 'sluice/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { eventually } from '../eventually.js';
import { readCommitted } from './readCommitted.js';

const text: RecordDeserializer<string> = { deserialize: (data) => data?.toString() ?? '' };
const PARTITIONS = 3;

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

const producerSettings = (): ProducerSettings<string, string> =>
  ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withEosCommitInterval(20)
    .withClientOption('logLevel', logLevel.NOTHING);

async function produce(topic: string, values: readonly string[]): Promise<void> {
  const producer = client.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: values.map((value, i) => ({ value, partition: i % PARTITIONS })),
  });
  await producer.disconnect();
}

function output(topic: string): string[] {
  const all: string[] = [];
  for (let p = 0; p < PARTITIONS; p++) all.push(...readCommitted(kafka, topic, p));
  return all.sort();
}

/** Runs a partitioned copier; each partition's sub-source goes to its own transactional sink. */
function copier(input: string, out: string, group: string, instance: string) {
  const finished: Promise<void>[] = [];
  const partitions: string[] = [];
  const [control, done] = Transactional.partitionedSource(consumerSettings(group), {
    topics: [input],
  })
    .toMat(
      Sink.foreach(([tp, records]) => {
        partitions.push(`${tp.topic}/${tp.partition}`);
        finished.push(
          records
            .map((msg) =>
              ProducerMessage.single(
                { topic: out, partition: msg.record.partition, value: msg.record.value },
                msg.partitionOffset,
              ),
            )
            .runWith(
              Transactional.sink(
                producerSettings(),
                `${instance}-${group}-${tp.topic}-${tp.partition}`,
              ),
              mat,
            ),
        );
      }),
      Keep.both,
    )
    .run(mat);
  return { control, done, finished, partitions };
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

describe('Transactional.partitionedSource', () => {
  it('emits one sub-source per partition, each committing through its own producer', async () => {
    mat = new Materializer();
    const [input, out, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, PARTITIONS);
    kafka.createTopic(out, PARTITIONS);
    const values = Array.from({ length: 30 }, (_, i) => `v${i}`);
    await produce(input, values);
    const run = copier(input, out, group, 'one');
    await eventually(() => {
      expect(output(out)).toHaveLength(30);
    });
    await run.control.drainAndShutdown(run.done);
    await Promise.all(run.finished);
    expect(run.partitions.sort()).toEqual([`${input}/0`, `${input}/1`, `${input}/2`]);
    expect(output(out)).toEqual([...values].sort());
    expect(kafka.committedOffsets(group).map((o) => Number(o.offset))).toEqual([10, 10, 10]);
  });

  it('scales out: a second instance takes partitions over without fencing or duplicates', async () => {
    mat = new Materializer();
    const [input, out, group] = [unique('in'), unique('out'), unique('group')];
    kafka.createTopic(input, PARTITIONS);
    kafka.createTopic(out, PARTITIONS);
    const first = Array.from({ length: 30 }, (_, i) => `a${i}`);
    await produce(input, first);
    const a = copier(input, out, group, 'a');
    await eventually(() => {
      expect(output(out).length).toBeGreaterThanOrEqual(3);
    });
    const b = copier(input, out, group, 'b');
    // Partitions moved to b: their sub-sources in a complete, and b gets sub-sources of its own.
    await vi.waitFor(
      () => {
        expect(b.partitions.length).toBeGreaterThan(0);
      },
      { timeout: 10_000 },
    );
    const second = Array.from({ length: 30 }, (_, i) => `b${i}`);
    await produce(input, second);
    await vi.waitFor(
      () => {
        expect(output(out)).toHaveLength(60);
      },
      { timeout: 15_000 },
    );
    await Promise.all([a.control.drainAndShutdown(a.done), b.control.drainAndShutdown(b.done)]);
    await Promise.all([...a.finished, ...b.finished]);
    expect(output(out)).toEqual([...first, ...second].sort());
  });
});
