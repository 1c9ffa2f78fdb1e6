import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import { kafkajs, onCleanup, startKafka } from './helpers/clients.js';

async function adminFor(kafka: EmbeddedKafka): Promise<Admin> {
  const admin = kafkajs(kafka).admin();
  await admin.connect();
  onCleanup(() => admin.disconnect());
  return admin;
}

async function produce(
  kafka: EmbeddedKafka,
  topic: string,
  values: string[],
  partition = 0,
  timestamps?: number[],
) {
  const producer = kafkajs(kafka).producer();
  await producer.connect();
  onCleanup(() => producer.disconnect());
  await producer.send({
    topic,
    messages: values.map((value, i) => ({
      value,
      partition,
      timestamp: String(timestamps?.[i] ?? Date.now()),
    })),
  });
}

describe('admin APIs with kafkajs', () => {
  it('creates, lists and deletes topics, refusing duplicates and bad names', async () => {
    const { kafka } = await startKafka({ brokers: 3 });
    const admin = await adminFor(kafka);
    expect(
      await admin.createTopics({ topics: [{ topic: 'a', numPartitions: 3 }, { topic: 'b' }] }),
    ).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'a' }] })).toBe(false);
    expect((await admin.listTopics()).sort()).toEqual(['a', 'b']);
    const meta = await admin.fetchTopicMetadata({ topics: ['a'] });
    expect(meta.topics[0]?.partitions.map((p) => p.leader).sort()).toEqual([0, 1, 2]);
    await expect(admin.createTopics({ topics: [{ topic: 'bad name!' }] })).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_TOPIC_EXCEPTION' })],
    });
    await expect(
      admin.createTopics({ topics: [{ topic: 'c', replicationFactor: 4 }] }),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'INVALID_REPLICATION_FACTOR' })],
    });
    await admin.deleteTopics({ topics: ['b'] });
    expect(await admin.listTopics()).toEqual(['a']);
  });

  it('grows a topic with CreatePartitions and refuses shrinking', async () => {
    const { kafka } = await startKafka({ brokers: 2 });
    kafka.createTopic('grow', 1);
    const admin = await adminFor(kafka);
    await admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 4 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ['grow'] });
    expect(meta.topics[0]?.partitions).toHaveLength(4);
    await expect(
      admin.createPartitions({ topicPartitions: [{ topic: 'grow', count: 2 }] }),
    ).rejects.toMatchObject({ type: 'INVALID_PARTITIONS' });
  });

  it('describes and alters topic configs, and the new retention takes effect', async () => {
    const { kafka } = await startKafka();
    const admin = await adminFor(kafka);
    await admin.createTopics({
      topics: [{ topic: 'cfg', configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
    });
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'cfg',
          configNames: ['cleanup.policy', 'retention.ms'],
        },
      ],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    expect(entries.find((e) => e.configName === 'cleanup.policy')).toMatchObject({
      configValue: 'compact',
      isDefault: false,
    });
    expect(entries.find((e) => e.configName === 'retention.ms')).toMatchObject({
      configValue: '604800000',
      isDefault: true,
    });

    await produce(kafka, 'cfg', ['old-1', 'old-2'], 0, [1000, 2000]);
    await produce(kafka, 'cfg', ['new']);
    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'cfg',
          configEntries: [{ name: 'retention.ms', value: '60000' }],
        },
      ],
    });
    kafka.runRetentionCheck();
    expect(kafka.records('cfg', 0).map((r) => r.value?.toString())).toEqual(['new']);
    const after = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [
        { type: ConfigResourceTypes.TOPIC, name: 'cfg', configNames: ['cleanup.policy'] },
      ],
    });
    // AlterConfigs replaces the whole override set: cleanup.policy is back to its default.
    expect(after.resources[0]?.configEntries[0]).toMatchObject({
      configValue: 'delete',
      isDefault: true,
    });
    await expect(
      admin.alterConfigs({
        validateOnly: false,
        resources: [
          {
            type: ConfigResourceTypes.TOPIC,
            name: 'cfg',
            configEntries: [{ name: 'retention.ms', value: 'soon' }],
          },
        ],
      }),
    ).rejects.toMatchObject({ type: 'INVALID_CONFIG' });
  });

  it('fetches topic offsets: earliest, latest, by timestamp, and after DeleteRecords', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('offs', 1);
    await produce(kafka, 'offs', ['a', 'b', 'c', 'd'], 0, [1000, 2000, 3000, 4000]);
    const admin = await adminFor(kafka);
    expect(await admin.fetchTopicOffsets('offs')).toEqual([
      { partition: 0, offset: '4', high: '4', low: '0' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp('offs', 2500)).toEqual([
      { partition: 0, offset: '2' },
    ]);
    expect(await admin.fetchTopicOffsetsByTimestamp('offs', 9000)).toEqual([
      { partition: 0, offset: '4' },
    ]);
    await admin.deleteTopicRecords({ topic: 'offs', partitions: [{ partition: 0, offset: '2' }] });
    expect(await admin.fetchTopicOffsets('offs')).toEqual([
      { partition: 0, offset: '4', high: '4', low: '2' },
    ]);
    expect(kafka.records('offs', 0).map((r) => r.value?.toString())).toEqual(['c', 'd']);
  });
});
