import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink } from 'sluice';
import {
  CommitFailedError,
  Committer,
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  Deserializers,
  DrainingControl,
  KafkaConnectionFailedError,
  Subscriptions,
} from 'sluice/kafka';
import {
  assertAllStagesStopped,
  EmbeddedKafka,
  ErrorCode,
  KafkaTestKit,
  waitUntil,
} from 'sluice/testkit';

const FETCH = 1;

let kit: KafkaTestKit;
let mat: Materializer;
beforeAll(async () => {
  kit = await KafkaTestKit.start();
});
afterAll(async () => {
  await kit.stop();
});
afterEach(() => {
  assertAllStagesStopped(mat);
});

function settings(
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
    .withProperty('maxWaitTimeInMs', 50)
    .withProperty('retry', { initialRetryTime: 50, retries: 3 });
}

/** A committable stream that records each value it sees and commits it within 50 ms. */
function consume(
  bootstrapServers: readonly string[],
  topic: string,
  groupId: string,
  seen: string[],
  s = settings(bootstrapServers, groupId),
) {
  return Consumer.committableSource(s, Subscriptions.topics(topic))
    .map((msg) => {
      seen.push(msg.record.value);
      return msg.committableOffset;
    })
    .toMat(Committer.sink(CommitterSettings.create().withMaxInterval(50)), Keep.both)
    .mapMaterializedValue(DrainingControl.create)
    .run(mat);
}

const values = (prefix: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i)}`);
const until = (what: string, check: () => boolean): Promise<true> =>
  waitUntil(what, () => Promise.resolve(check() ? true : undefined), {
    timeoutMs: 15_000,
    checkIntervalMs: 20,
  });

describe('broker faults', () => {
  it('rides out failed fetch requests and a dropped connection, losing and repeating nothing', async () => {
    mat = new Materializer();
    const topic = kit.createTopic();
    const groupId = kit.createGroupId();
    const seen: string[] = [];
    const control = consume(kit.bootstrapServers, topic, groupId, seen);
    await kit.produceString(topic, values('a', 20));
    await until('the first records', () => seen.length === 20);

    kit.faults.failNext(FETCH, ErrorCode.NOT_LEADER_OR_FOLLOWER, 3);
    await kit.produceString(topic, values('b', 20));
    await until('the records after failed fetches', () => seen.length === 40);

    kit.faults.dropConnections();
    await kit.produceString(topic, values('c', 20));
    await until('the records after the dropped connection', () => seen.length === 60);
    await control.drainAndShutdown();

    expect(seen).toEqual([...values('a', 20), ...values('b', 20), ...values('c', 20)]);
    expect(kit.committedOffsets(groupId).map((o) => Number(o.offset))).toEqual([60]);
  });

  it('survives a broker restart with its data directory, or fails naming the commit, losing nothing', async () => {
    mat = new Materializer();
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-restart-'));
    let broker = await EmbeddedKafka.start({ dataDir, log: () => undefined });
    const port = Number(broker.bootstrapServers[0]?.split(':')[1]);
    const servers = broker.bootstrapServers;
    const produce = async (vs: string[]): Promise<void> => {
      const producer = new Kafka({ brokers: servers, logLevel: logLevel.NOTHING }).producer();
      await producer.connect();
      await producer.send({ topic: 'restarted', messages: vs.map((value) => ({ value })) });
      await producer.disconnect();
    };
    try {
      broker.createTopic('restarted', 1);
      const groupId = 'restart-group';
      const seen: string[] = [];
      const control = consume(servers, 'restarted', groupId, seen);
      await produce(values('before', 10));
      await until('the records before the restart', () => seen.length === 10);
      await until('their commit', () => broker.committedOffsets(groupId)[0]?.offset === 10n);

      await broker.stop();
      broker = await EmbeddedKafka.start({ dataDir, port, log: () => undefined });
      await produce(values('after', 10));
      await until('the records after the restart', () => seen.length >= 20);
      // The restarted broker kept the records and the committed offsets but not the group's
      // members: a commit sent before the member rejoins is refused (UNKNOWN_MEMBER_ID), and the
      // stream fails naming the group and the offset. A new stream resumes at the last commit.
      const failure = await control.drainAndShutdown().then(
        () => undefined,
        (e: unknown) => e,
      );
      if (failure !== undefined) {
        expect(failure).toBeInstanceOf(CommitFailedError);
        expect(failure).toMatchObject({ groupId, offsets: ['restarted/0@20'] });
        expect((failure as Error).message).toMatch(
          /committableSource\(group restart-group\): cannot commit restarted\/0@20/,
        );
        const again: string[] = [];
        const resumed = consume(servers, 'restarted', groupId, again);
        await until('the uncommitted records, again', () => again.length === 10);
        await resumed.drainAndShutdown();
        expect(again).toEqual(values('after', 10));
      }
      expect(seen).toEqual([...values('before', 10), ...values('after', 10)]);
      expect(broker.committedOffsets(groupId).map((o) => Number(o.offset))).toEqual([20]);
    } finally {
      await broker.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('fails the stream with KafkaConnectionFailedError when the broker is gone for good', async () => {
    mat = new Materializer();
    const doomed = await KafkaTestKit.start();
    try {
      const topic = doomed.createTopic();
      const groupId = doomed.createGroupId();
      const s = settings(doomed.bootstrapServers, groupId)
        .withMetadataRequestTimeout(300)
        .withConnectionChecker({ checkInterval: 100, maxRetries: 2, backoffFactor: 1 });
      const done = Consumer.plainSource(s, Subscriptions.topics(topic)).runWith(Sink.ignore(), mat);
      await doomed.waitUntilGroupState(groupId, 'Stable');
      await doomed.kafka.stop();
      const error = await done.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(KafkaConnectionFailedError);
      expect(error).toMatchObject({ attempts: 2 });
    } finally {
      await doomed.stop();
    }
  });
});
