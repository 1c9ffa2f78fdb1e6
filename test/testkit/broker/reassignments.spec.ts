import type { Admin } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { fetchAll, kafkajs, onCleanup, startKafka } from './helpers/clients.js';
import { RawClient } from './helpers/RawClient.js';

async function adminFor(kafka: EmbeddedKafka): Promise<Admin> {
  const admin = kafkajs(kafka).admin();
  await admin.connect();
  onCleanup(() => admin.disconnect());
  return admin;
}

describe('partition reassignments with kafkajs', () => {
  it('moves a partition to new replicas at once; its data and leadership follow', async () => {
    const { kafka } = await startKafka({ brokers: 3 });
    const admin = await adminFor(kafka);
    // kafkajs's own integration test, step by step.
    await admin.createTopics({
      topics: [
        {
          topic: 'moved',
          replicaAssignment: [
            { partition: 0, replicas: [1, 0] },
            { partition: 1, replicas: [2, 1] },
          ],
        },
      ],
    });
    const producer = kafkajs(kafka).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    await producer.send({ topic: 'moved', messages: [{ value: 'before', partition: 0 }] });

    await admin.alterPartitionReassignments({
      topics: [{ topic: 'moved', partitionAssignment: [{ partition: 0, replicas: [2, 1] }] }],
    });
    const meta = await admin.fetchTopicMetadata({ topics: ['moved'] });
    expect(meta.topics[0]?.partitions.find((p) => p.partitionId === 0)).toMatchObject({
      leader: 2,
      replicas: [2, 1],
    });
    // Nothing is left in progress: a reassignment completes on the one copy of the data.
    expect(
      await admin.listPartitionReassignments({
        topics: [{ topic: 'moved', partitions: [0, 1, 2] }],
      }),
    ).toEqual({ topics: [] });
    expect(await admin.listPartitionReassignments({})).toEqual({ topics: [] });

    await producer.send({ topic: 'moved', messages: [{ value: 'after', partition: 0 }] });
    const { messages } = await fetchAll(kafka, 'moved', 0, { leader: kafka.bootstrapServers[2] });
    expect(messages.map((m) => m.value?.toString())).toEqual(['before', 'after']);
  });

  it('refuses bad replica lists and unknown partitions, changing nothing', async () => {
    const { kafka } = await startKafka({ brokers: 2 });
    kafka.createTopic('fixed', 1);
    const admin = await adminFor(kafka);
    const before = kafka.cluster.partition('fixed', 0)?.replicas;
    const cases: [number[], string][] = [
      [[], 'INVALID_REPLICA_ASSIGNMENT'],
      [[0, 0], 'INVALID_REPLICA_ASSIGNMENT'],
      [[0, 5], 'INVALID_REPLICA_ASSIGNMENT'],
    ];
    for (const [replicas, type] of cases) {
      await expect(
        admin.alterPartitionReassignments({
          topics: [{ topic: 'fixed', partitionAssignment: [{ partition: 0, replicas }] }],
        }),
      ).rejects.toMatchObject({ errors: [expect.objectContaining({ type })] });
    }
    await expect(
      admin.alterPartitionReassignments({
        topics: [{ topic: 'fixed', partitionAssignment: [{ partition: 3, replicas: [1] }] }],
      }),
    ).rejects.toMatchObject({
      errors: [expect.objectContaining({ type: 'UNKNOWN_TOPIC_OR_PARTITION' })],
    });
    expect(kafka.cluster.partition('fixed', 0)?.replicas).toEqual(before);
    expect(before).toEqual([0, 1]);
  });

  it('answers a cancel with NO_REASSIGNMENT_IN_PROGRESS and a non-controller with NOT_CONTROLLER', async () => {
    const { kafka } = await startKafka({ brokers: 2 });
    kafka.createTopic('raw', 1);
    const request = {
      timeoutMs: 1000,
      topics: [{ name: 'raw', partitions: [{ partitionIndex: 0, replicas: null }] }],
    };
    const send = async (broker: number) => {
      const client = await RawClient.connect(kafka.bootstrapServers[broker] ?? '');
      onCleanup(() => {
        client.close();
        return Promise.resolve();
      });
      return client.request(
        45,
        0,
        AlterPartitionReassignmentsRequest,
        AlterPartitionReassignmentsResponse,
        request,
      );
    };
    const cancelled = await send(0);
    expect(cancelled.responses[0]?.partitions[0]).toMatchObject({ errorCode: 85 });
    expect((await send(1)).errorCode).toBe(41);
  });
});
