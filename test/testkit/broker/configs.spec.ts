import { ConfigResourceTypes, type Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  DescribeConfigsRequest,
  DescribeConfigsResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { kafkajs, onCleanup, startKafka } from './helpers/clients.js';
import { RawClient } from './helpers/RawClient.js';

async function adminFor(kafka: EmbeddedKafka): Promise<Admin> {
  const admin = kafkajs(kafka).admin();
  await admin.connect();
  onCleanup(() => admin.disconnect());
  return admin;
}

/** Kafka 3.9's topic configs (LogConfig) in definition order, with their defaults. */
const KAFKA_TOPIC_CONFIGS: [string, string][] = [
  ['segment.bytes', '1073741824'],
  ['segment.ms', '604800000'],
  ['segment.jitter.ms', '0'],
  ['segment.index.bytes', '10485760'],
  ['flush.messages', '9223372036854775807'],
  ['flush.ms', '9223372036854775807'],
  ['retention.bytes', '-1'],
  ['retention.ms', '604800000'],
  ['max.message.bytes', '1048588'],
  ['index.interval.bytes', '4096'],
  ['delete.retention.ms', '86400000'],
  ['min.compaction.lag.ms', '0'],
  ['max.compaction.lag.ms', '9223372036854775807'],
  ['file.delete.delay.ms', '60000'],
  ['min.cleanable.dirty.ratio', '0.5'],
  ['cleanup.policy', 'delete'],
  ['unclean.leader.election.enable', 'false'],
  ['min.insync.replicas', '1'],
  ['compression.type', 'producer'],
  ['compression.gzip.level', '-1'],
  ['compression.lz4.level', '9'],
  ['compression.zstd.level', '3'],
  ['preallocate', 'false'],
  ['message.format.version', '3.0-IV1'],
  ['message.timestamp.type', 'CreateTime'],
  ['message.timestamp.difference.max.ms', '9223372036854775807'],
  ['message.timestamp.before.max.ms', '9223372036854775807'],
  ['message.timestamp.after.max.ms', '9223372036854775807'],
  ['leader.replication.throttled.replicas', ''],
  ['follower.replication.throttled.replicas', ''],
  ['message.downconversion.enable', 'true'],
  ['remote.storage.enable', 'false'],
  ['local.retention.ms', '-2'],
  ['local.retention.bytes', '-2'],
  ['remote.log.copy.disable', 'false'],
  ['remote.log.delete.on.disable', 'false'],
];

describe('topic configs as Kafka 3.x has them', () => {
  it('creates topics with every Kafka topic config, and refuses unknown names and bad values', async () => {
    const { kafka } = await startKafka();
    const admin = await adminFor(kafka);
    await admin.createTopics({
      topics: [
        {
          topic: 'skew',
          configEntries: [{ name: 'message.timestamp.difference.max.ms', value: '3600000' }],
        },
        {
          topic: 'all',
          configEntries: KAFKA_TOPIC_CONFIGS.map(([name, value]) => ({ name, value })),
        },
      ],
    });
    expect(kafka.cluster.topics.get('skew')?.config('message.timestamp.difference.max.ms')).toBe(
      '3600000',
    );
    expect(kafka.cluster.topics.get('all')?.configs.size).toBe(KAFKA_TOPIC_CONFIGS.length);
    for (const [name, value] of [
      ['no.such.config', '1'],
      ['retention.ms', '-2'],
      ['segment.bytes', '13'],
      ['min.cleanable.dirty.ratio', '1.5'],
      ['preallocate', 'maybe'],
      ['cleanup.policy', 'compact,shred'],
      ['max.message.bytes', '2147483648'],
    ] as const) {
      await expect(
        admin.createTopics({ topics: [{ topic: 'refused', configEntries: [{ name, value }] }] }),
      ).rejects.toMatchObject({
        errors: [expect.objectContaining({ type: 'INVALID_CONFIG' })],
      });
    }
    expect(kafka.cluster.topics.has('refused')).toBe(false);
  });

  it('describes every topic config in Kafka order, with sources and synonyms as Kafka reports them', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('described', 1, { 'retention.ms': '60000' });
    const admin = await adminFor(kafka);
    const described = await admin.describeConfigs({
      includeSynonyms: true,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: 'described' }],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    expect(entries.map((e) => e.configName)).toEqual(KAFKA_TOPIC_CONFIGS.map(([n]) => n));
    expect(entries.find((e) => e.configName === 'retention.ms')).toEqual({
      configName: 'retention.ms',
      configValue: '60000',
      readOnly: false,
      isDefault: false,
      configSource: 1,
      isSensitive: false,
      configSynonyms: [
        { configName: 'retention.ms', configValue: '60000', configSource: 1 },
        { configName: 'log.retention.hours', configValue: '168', configSource: 5 },
      ],
    });
    const defaults = entries.filter((e) => e.configName !== 'retention.ms');
    expect(defaults.map((e) => [e.configName, e.configValue])).toEqual(
      KAFKA_TOPIC_CONFIGS.filter(([n]) => n !== 'retention.ms'),
    );
    for (const e of defaults) {
      expect(e).toMatchObject({ readOnly: false, isDefault: true, configSource: 5 });
    }
  });
});

describe('broker configs', () => {
  it('describes a broker: static settings read-only, dynamic ones alterable', async () => {
    const { kafka } = await startKafka({ brokers: 2, defaultPartitions: 3 });
    const admin = await adminFor(kafka);
    const described = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.BROKER, name: '1' }],
    });
    const entries = described.resources[0]?.configEntries ?? [];
    const entry = (name: string) => entries.find((e) => e.configName === name);
    expect(entry('broker.id')).toMatchObject({ configValue: '1', readOnly: true, configSource: 4 });
    expect(entry('num.partitions')).toMatchObject({ configValue: '3', configSource: 4 });
    expect(entry('num.io.threads')).toMatchObject({
      configValue: '8',
      readOnly: false,
      isDefault: true,
      configSource: 5,
    });
    expect(entry('log.retention.hours')).toMatchObject({ configValue: '168', readOnly: true });
    expect(entry('log.retention.bytes')).toMatchObject({ configValue: '-1', readOnly: false });
    expect(entry('message.max.bytes')).toMatchObject({ configValue: '1048588' });
  });

  it('alters dynamic broker configs per broker and cluster-wide, refusing static ones', async () => {
    const { kafka } = await startKafka({ brokers: 2 });
    const admin = await adminFor(kafka);
    // kafkajs's own integration test: a topic and a broker resource in one request.
    kafka.createTopic('mixed', 1);
    // kafkajs types the result loosely; this is its AlterConfigs response.
    const mixed = (await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.TOPIC,
          name: 'mixed',
          configEntries: [{ name: 'cleanup.policy', value: 'compact' }],
        },
        {
          type: ConfigResourceTypes.BROKER,
          name: '1',
          configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
        },
      ],
    })) as { resources: { errorCode: number }[] };
    expect(mixed.resources.map((r) => r.errorCode)).toEqual([0, 0]);

    await admin.alterConfigs({
      validateOnly: false,
      resources: [
        {
          type: ConfigResourceTypes.BROKER,
          name: '1',
          configEntries: [{ name: 'num.io.threads', value: '4' }],
        },
      ],
    });
    // kafkajs refuses the resource name "" (the cluster default), so that part goes raw.
    const raw = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    onCleanup(() => {
      raw.close();
      return Promise.resolve();
    });
    const altered = await raw.request(33, 1, AlterConfigsRequest, AlterConfigsResponse, {
      validateOnly: false,
      resources: [
        {
          resourceType: ConfigResourceTypes.BROKER,
          resourceName: '',
          configs: [{ name: 'log.retention.bytes', value: '1000000' }],
        },
      ],
    });
    expect(altered.responses[0]?.errorCode).toBe(0);
    const described = await admin.describeConfigs({
      includeSynonyms: true,
      resources: [
        { type: ConfigResourceTypes.BROKER, name: '1', configNames: ['num.io.threads'] },
        { type: ConfigResourceTypes.BROKER, name: '0', configNames: ['log.retention.bytes'] },
      ],
    });
    const [one, zero] = described.resources;
    const clusterWide = await raw.request(32, 2, DescribeConfigsRequest, DescribeConfigsResponse, {
      includeSynonyms: false,
      includeDocumentation: false,
      resources: [
        { resourceType: ConfigResourceTypes.BROKER, resourceName: '', configurationKeys: null },
      ],
    });
    expect(one?.configEntries).toEqual([
      expect.objectContaining({
        configValue: '4',
        configSource: 2,
        configSynonyms: [
          { configName: 'num.io.threads', configValue: '4', configSource: 2 },
          { configName: 'num.io.threads', configValue: '8', configSource: 5 },
        ],
      }),
    ]);
    expect(zero?.configEntries[0]).toMatchObject({ configValue: '1000000', configSource: 3 });
    expect(clusterWide.results[0]?.configs.map((e) => [e.name, e.value, e.configSource])).toEqual([
      ['log.retention.bytes', '1000000', 3],
    ]);

    for (const [name, value] of [
      ['broker.id', '7'],
      ['num.io.threads', 'many'],
    ] as const) {
      await expect(
        admin.alterConfigs({
          validateOnly: false,
          resources: [
            { type: ConfigResourceTypes.BROKER, name: '0', configEntries: [{ name, value }] },
          ],
        }),
      ).rejects.toMatchObject({ type: 'INVALID_REQUEST' });
    }
    // kafkajs sends a broker resource to that broker, so an unknown id goes raw.
    const unknown = await raw.request(32, 2, DescribeConfigsRequest, DescribeConfigsResponse, {
      includeSynonyms: false,
      includeDocumentation: false,
      resources: [
        { resourceType: ConfigResourceTypes.BROKER, resourceName: '9', configurationKeys: null },
      ],
    });
    expect(unknown.results[0]).toMatchObject({
      errorCode: 42,
      errorMessage: "Broker id must be one of 0..1 or empty, got '9'",
    });
  });
});
