import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keep, Materializer } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  DrainingControl,
  Subscriptions,
} from 'sluice/kafka';
import { assertAllStagesStopped, awaitCond, KafkaTestKit } from 'sluice/testkit';

let kit: KafkaTestKit;
beforeAll(async () => {
  kit = await KafkaTestKit.start();
});
afterAll(async () => {
  await kit.stop();
});

describe('KafkaTestKit', () => {
  it('hands out a unique topic, group and transactional id per call', () => {
    const names = [
      kit.createTopicName(),
      kit.createTopicName(),
      kit.createGroupId(),
      kit.createGroupId(),
      kit.createTransactionalId('tx'),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(names[4]).toMatch(/^transactionalId-tx-\d+-[0-9a-f]{6}$/);
  });

  it('creates topics with their partitions and refuses a bad count naming it', async () => {
    const topic = kit.createTopic(3);
    const admin = kit.client.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
    await admin.disconnect();
    expect(topics[0]?.partitions).toHaveLength(3);
    expect(() => kit.createTopic(0)).toThrow(
      /KafkaTestKit: partitions must be a positive integer, got 0/,
    );
  });

  it('produces records and reads every one back once', async () => {
    const topic = kit.createTopic(2);
    await kit.produceString(topic, ['a', 'b'], 0);
    await kit.produce(topic, [{ key: 'k', value: 'c', partition: 1, headers: { h: 'v' } }]);
    const records = await kit.consume(topic, 3);
    expect(records.map((r) => r.value).sort()).toEqual(['a', 'b', 'c']);
    const c = records.find((r) => r.value === 'c');
    expect(c).toMatchObject({ topic, partition: 1, offset: 0, key: 'k' });
    expect(c?.headers['h']?.toString()).toBe('v');
    expect(kit.storedValues(topic, 2)).toEqual(['a', 'b', 'c']);
  });

  it('fails consume with how many records arrived when too few do', async () => {
    const topic = kit.createTopic();
    await kit.produceString(topic, ['only']);
    await expect(kit.consume(topic, 2, { timeoutMs: 300 })).rejects.toThrow(
      /expected 2 records from topic-test-\S+ within 300 ms, got 1/,
    );
  });

  it('waits until a group is Stable with its partitions split, then Empty', async () => {
    const topic = kit.createTopic(4);
    const groupId = kit.createGroupId();
    const consumers = [0, 1].map(() =>
      kit.client.consumer({ groupId, heartbeatInterval: 100, maxWaitTimeInMs: 100 }),
    );
    for (const c of consumers) {
      await c.connect();
      await c.subscribe({ topic });
      await c.run({ eachMessage: () => Promise.resolve() });
    }
    const summary = await kit.waitUntilConsumerSummary(
      groupId,
      (s) => s.members.length === 2 && s.members.every((m) => m.partitions.length === 2),
    );
    const owned = summary.members.flatMap((m) => m.partitions).sort();
    expect(owned).toEqual([0, 1, 2, 3].map((p) => `${topic}/${String(p)}`));
    for (const c of consumers) await c.disconnect();
    const empty = await kit.waitUntilGroupState(groupId, 'Empty');
    expect(empty.members).toEqual([]);
  });

  it('gives up waiting for a group state with the state last seen', async () => {
    await expect(
      kit.waitUntilGroupState(kit.createGroupId(), 'Stable', { timeoutMs: 200 }),
    ).rejects.toThrow(/group group-test-\S+ did not become Stable; last: Dead/);
  });

  describe('faults', () => {
    it('failCommits fails the next commit, and only that one', async () => {
      const topic = kit.createTopic();
      const groupId = kit.createGroupId();
      await kit.produceString(topic, ['x']);
      const consumer = kit.client.consumer({ groupId, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ autoCommit: false, eachMessage: () => Promise.resolve() });
      await kit.waitUntilGroupState(groupId, 'Stable');
      kit.faults.failCommits();
      const offsets = [{ topic, partition: 0, offset: '1' }];
      await expect(consumer.commitOffsets(offsets)).rejects.toMatchObject({
        cause: { code: -1 },
      });
      await consumer.commitOffsets(offsets);
      expect(kit.committedOffsets(groupId)).toMatchObject([{ topic, partition: 0, offset: 1n }]);
      await consumer.disconnect();
    });

    it('forceRebalance moves a running group into a new generation', async () => {
      const topic = kit.createTopic();
      const groupId = kit.createGroupId();
      const consumer = kit.client.consumer({
        groupId,
        heartbeatInterval: 50,
        maxWaitTimeInMs: 100,
      });
      const generations: number[] = [];
      consumer.on(consumer.events.GROUP_JOIN, (e) => {
        generations.push(e.payload.groupId === groupId ? generations.length + 1 : -1);
      });
      await consumer.connect();
      await consumer.subscribe({ topic });
      await consumer.run({ eachMessage: () => Promise.resolve() });
      await kit.waitUntilGroupState(groupId, 'Stable');
      expect(generations).toEqual([1]);
      kit.faults.forceRebalance();
      await kit.waitUntilConsumerSummary(groupId, () => generations.length === 2);
      expect(generations).toEqual([1, 2]);
      await consumer.disconnect();
    });

    it('fence makes the fenced producer fail its transaction', async () => {
      const topic = kit.createTopic();
      const transactionalId = kit.createTransactionalId();
      const producer = kit.client.producer({
        transactionalId,
        idempotent: true,
        maxInFlightRequests: 1,
      });
      await producer.connect();
      const txn = await producer.transaction();
      await txn.send({ topic, messages: [{ value: 'fenced' }] });
      await kit.faults.fence(transactionalId);
      await expect(txn.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });
      await producer.disconnect();
      expect(await kit.consume(topic, 0)).toEqual([]);
    });

    it('dropConnections drops clients, which reconnect', async () => {
      const topic = kit.createTopic();
      await kit.produceString(topic, ['before']);
      kit.faults.dropConnections();
      await kit.produceString(topic, ['after']);
      expect(kit.storedValues(topic)).toEqual(['before', 'after']);
    });
  });
});

describe('KafkaTestKit.createProbe', () => {
  it('consumes into a TestSink probe with the default consumer settings', async () => {
    const mat = new Materializer();
    const topic = kit.createTopic();
    await kit.produceString(topic, ['one', 'two', 'three']);
    const [control, probe] = kit.createProbe(kit.consumerDefaults(), [topic], mat);
    probe.request(3);
    const records = await probe.expectNextN(3);
    expect(records.map((r) => [r.value, r.offset])).toEqual([
      ['one', 0],
      ['two', 1],
      ['three', 2],
    ]);
    await control.shutdown();
    await probe.expectComplete();
    assertAllStagesStopped(mat);
  });

  it('restarts its broker on the same port and dataDir, keeping records and committed offsets', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sluice-kit-restart-'));
    const own = await KafkaTestKit.start({ dataDir });
    try {
      const servers = own.bootstrapServers;
      const topic = own.createTopic();
      await own.produceString(topic, ['a', 'b']);
      const before = own.kafka;
      await own.restart();
      expect(own.kafka).not.toBe(before);
      expect(own.bootstrapServers).toEqual(servers);
      // The kit's producer and the faults work on the new broker.
      await own.produceString(topic, ['c']);
      expect(own.storedValues(topic)).toEqual(['a', 'b', 'c']);
      expect((await own.consume(topic, 3)).map((r) => r.value)).toEqual(['a', 'b', 'c']);
    } finally {
      await own.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to restart without a dataDir, naming it', async () => {
    await expect(kit.restart()).rejects.toThrow(
      /KafkaTestKit: restart needs a dataDir to restart from/,
    );
    // The broker still runs.
    const topic = kit.createTopic();
    await kit.produceString(topic, ['still here']);
    expect(kit.storedValues(topic)).toEqual(['still here']);
  });

  it('awaitCond resolves once its condition holds, and names what it waited for when it never does', async () => {
    let checks = 0;
    await awaitCond('three checks', () => ++checks === 3, { checkIntervalMs: 1 });
    expect(checks).toBe(3);
    await expect(
      awaitCond('a condition that never holds', () => false, { timeoutMs: 30, checkIntervalMs: 5 }),
    ).rejects.toThrow(/gave up waiting for a condition that never holds after 30 ms/);
  });

  it('counts the records a group committed over its partitions', async () => {
    const topic = kit.createTopic(2);
    const groupId = kit.createGroupId();
    expect(kit.committedRecordCount(groupId)).toBe(0);
    await kit.produceString(topic, ['a', 'b', 'c'], 0);
    await kit.produceString(topic, ['d', 'e', 'f', 'g'], 1);
    const control = Consumer.committableSource(
      kit.consumerDefaults().withGroupId(groupId),
      Subscriptions.topics(topic),
    )
      .map((msg) => msg.committableOffset)
      .toMat(Committer.sink(CommitterSettings.create().withMaxInterval(20)), Keep.both)
      .mapMaterializedValue(DrainingControl.create)
      .run();
    await awaitCond('seven committed records', () => kit.committedRecordCount(groupId) === 7);
    await control.drainAndShutdown();
    expect(kit.committedRecordCount(groupId)).toBe(7);
  });

  it('gives each call of consumerDefaults its own group id', () => {
    expect(kit.consumerDefaults().groupId).not.toBe(kit.consumerDefaults().groupId);
  });
});
