import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/testkit/broker/errors.js';
import {
  CreateTopicsRequest,
  CreateTopicsResponse,
  FetchRequest,
  FetchResponse,
  MetadataRequest,
  MetadataResponse,
  ProduceRequest,
  ProduceResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { encodeBatch } from '../../../src/testkit/broker/protocol/recordBatch.js';
import { fetchAll, kafkajs, onCleanup, startKafka } from './helpers/clients.js';
import { RawClient } from './helpers/RawClient.js';

async function raw(address: string | undefined): Promise<RawClient> {
  const client = await RawClient.connect(address ?? '');
  onCleanup(() => {
    client.close();
    return Promise.resolve();
  });
  return client;
}

describe('several brokers in one process', () => {
  it('lists every broker on its own port and spreads partition leaders', async () => {
    const { kafka } = await startKafka({ brokers: 3 });
    kafka.createTopic('spread', 6);
    expect(new Set(kafka.bootstrapServers).size).toBe(3);
    const client = await raw(kafka.bootstrapServers[2]);
    const meta = await client.request(3, 6, MetadataRequest, MetadataResponse, {
      topics: [{ name: 'spread', topicId: '00000000-0000-0000-0000-000000000000' }],
      allowAutoTopicCreation: false,
      includeClusterAuthorizedOperations: false,
      includeTopicAuthorizedOperations: false,
    });
    expect(meta.brokers.map((b) => `${b.host}:${b.port}`)).toEqual(kafka.bootstrapServers);
    expect(meta.controllerId).toBe(0);
    const leaders = meta.topics[0]?.partitions.map((p) => p.leaderId) ?? [];
    expect(leaders.filter((l) => l === 0)).toHaveLength(2);
    expect(leaders.filter((l) => l === 1)).toHaveLength(2);
    expect(leaders.filter((l) => l === 2)).toHaveLength(2);
  });

  it('answers NOT_LEADER_OR_FOLLOWER for produce and fetch on the wrong broker, NOT_CONTROLLER for admin', async () => {
    const { kafka } = await startKafka({ brokers: 2 });
    kafka.createTopic('led', 1);
    const leader = kafka.cluster.leaderOf(kafka.cluster.partition('led', 0)!);
    const other = await raw(kafka.bootstrapServers[1 - leader]);
    const produced = await other.request(0, 7, ProduceRequest, ProduceResponse, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 1000,
      topicData: [
        {
          name: 'led',
          partitionData: [{ index: 0, records: encodeBatch({ records: [{ value: null }] }) }],
        },
      ],
    });
    expect(produced.responses[0]?.partitionResponses[0]?.errorCode).toBe(
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    );
    const fetched = await other.request(1, 11, FetchRequest, FetchResponse, {
      clusterId: null,
      replicaId: -1,
      replicaState: { replicaId: -1, replicaEpoch: -1n },
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes: 1000,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [
        {
          topic: 'led',
          topicId: '00000000-0000-0000-0000-000000000000',
          partitions: [
            {
              partition: 0,
              currentLeaderEpoch: -1,
              fetchOffset: 0n,
              lastFetchedEpoch: -1,
              logStartOffset: -1n,
              partitionMaxBytes: 1000,
              replicaDirectoryId: '00000000-0000-0000-0000-000000000000',
            },
          ],
        },
      ],
      forgottenTopicsData: [],
      rackId: '',
    });
    expect(fetched.responses[0]?.partitions[0]?.errorCode).toBe(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    const created = await (
      await raw(kafka.bootstrapServers[1])
    ).request(19, 3, CreateTopicsRequest, CreateTopicsResponse, {
      topics: [{ name: 'x', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
      timeoutMs: 1000,
      validateOnly: false,
    });
    expect(created.topics[0]?.errorCode).toBe(ErrorCode.NOT_CONTROLLER);
  });

  it('keeps kafkajs producing when a broker stops, and moves leadership back on restart', async () => {
    const { kafka } = await startKafka({ brokers: 3 });
    kafka.createTopic('failover', 3);
    const producer = kafkajs(kafka).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    // One send per partition: kafkajs 2.2.4 drops the messages of a partition whose leader
    // moves to a broker that already answered within the same send (sendMessages.js).
    const sendAll = async (tag: string) => {
      for (const partition of [0, 1, 2]) {
        await producer.send({
          topic: 'failover',
          messages: [{ partition, value: `${tag}-${partition}` }],
        });
      }
    };
    await sendAll('before');
    await kafka.stopBroker(1);
    const p1 = kafka.cluster.partition('failover', 1)!;
    expect(kafka.cluster.leaderOf(p1)).toBe(2);
    await sendAll('during');
    await kafka.restartBroker(1);
    expect(kafka.cluster.leaderOf(p1)).toBe(1);
    await sendAll('after');
    expect(kafka.records('failover', 1).map((r) => r.value?.toString())).toEqual([
      'before-1',
      'during-1',
      'after-1',
    ]);
    const { messages } = await fetchAll(kafka, 'failover', 1, {
      leader: kafka.bootstrapServers[1],
    });
    expect(messages).toHaveLength(3);
  });
});
