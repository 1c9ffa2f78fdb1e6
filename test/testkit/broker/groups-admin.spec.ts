import { AssignerProtocol, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/EmbeddedKafka.js';
import { groupCoordinatorNode } from '../../../src/testkit/broker/groups/groupCoordinatorKey.js';
import {
  eventually,
  kafkajsClient,
  produce,
  startBroker,
  TrackedConsumer,
  waitForStableGroup,
} from './groups-fixtures.js';

let kafka: EmbeddedKafka;
let logs: string[];
let client: Kafka;

beforeAll(async () => {
  // Three brokers, so that groups land on different coordinators.
  ({ kafka, logs } = await startBroker({ brokers: 3 }));
  client = kafkajsClient(kafka, 'admin-spec');
});

afterAll(async () => {
  await kafka.stop();
  // The broker logs only failed handlers and malformed or unsupported requests.
  expect(logs).toEqual([]);
});

/** A group id starting with `prefix` that broker `nodeId` coordinates. */
function groupOn(nodeId: number, prefix: string): string {
  for (let i = 0; ; i++) {
    const id = `${prefix}-${i}`;
    if (groupCoordinatorNode(kafka.cluster, id)?.id === nodeId) return id;
  }
}

describe('group administration with the kafkajs admin client', () => {
  it('describes and lists running groups, each served by its own coordinator', async () => {
    kafka.createTopic('described', 4);
    const [groupA, groupB] = [groupOn(1, 'g-described'), groupOn(2, 'g-described')] as const;
    const a = new TrackedConsumer(kafkajsClient(kafka, 'member-a'), groupA, 'described');
    const b = new TrackedConsumer(kafkajsClient(kafka, 'member-b'), groupB, 'described');
    const admin = client.admin();
    try {
      await Promise.all([a.start(), b.start(), admin.connect()]);
      await waitForStableGroup(kafka, groupA, [a]);
      await waitForStableGroup(kafka, groupB, [b]);

      const { groups } = await admin.describeGroups([groupA, groupB]);
      expect(groups.map((g) => [g.groupId, g.state, g.protocolType, g.protocol])).toEqual([
        [groupA, 'Stable', 'consumer', 'RoundRobinAssigner'],
        [groupB, 'Stable', 'consumer', 'RoundRobinAssigner'],
      ]);
      const [member] = groups[0]!.members;
      expect(member).toMatchObject({
        memberId: a.memberId,
        clientId: 'member-a',
        clientHost: '/127.0.0.1',
      });
      const assignment = AssignerProtocol.MemberAssignment.decode(member!.memberAssignment);
      expect(assignment?.assignment).toEqual({ described: [0, 1, 2, 3] });
      const subscription = AssignerProtocol.MemberMetadata.decode(member!.memberMetadata);
      expect(subscription?.topics).toEqual(['described']);

      // kafkajs asks every broker and concatenates, so a group listed twice would show here.
      const listed = (await admin.listGroups()).groups.filter((g) =>
        g.groupId.startsWith('g-described'),
      );
      expect(listed.sort((x, y) => x.groupId.localeCompare(y.groupId))).toEqual([
        { groupId: groupA, protocolType: 'consumer' },
        { groupId: groupB, protocolType: 'consumer' },
      ]);
    } finally {
      await Promise.all([a.stop(), b.stop(), admin.disconnect()]);
    }
  });

  it('deletes a group and its offsets only once the group is empty', async () => {
    kafka.createTopic('deleted', 2);
    await produce(client, 'deleted', 2, 4, 'deleted');
    const groupId = groupOn(2, 'g-deleted');
    const consumer = new TrackedConsumer(client, groupId, 'deleted');
    const admin = client.admin();
    try {
      await Promise.all([consumer.start(), admin.connect()]);
      await eventually(() => {
        expect(kafka.committedOffsets(groupId)).toHaveLength(2);
      });
      await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({
        name: 'KafkaJSDeleteGroupsError',
        groups: [{ groupId, errorCode: 68 }],
      });
      await consumer.stop();
      expect(await admin.deleteGroups([groupId])).toEqual([{ groupId, errorCode: 0 }]);
      expect(kafka.committedOffsets(groupId)).toEqual([]);
      expect((await admin.describeGroups([groupId])).groups[0]?.state).toBe('Dead');
      await expect(admin.deleteGroups([groupId])).rejects.toMatchObject({
        groups: [{ groupId, errorCode: 69 }],
      });
    } finally {
      await consumer.stop();
      await admin.disconnect();
    }
  });

  it('fetches, sets and resets the offsets of an idle group', async () => {
    kafka.createTopic('seek', 2);
    const values = await produce(client, 'seek', 2, 6, 'seek');
    const groupId = groupOn(0, 'g-seek');
    const admin = client.admin();
    await admin.connect();
    const fetch = async (): Promise<string[]> => {
      const [topic] = await admin.fetchOffsets({ groupId, topics: ['seek'] });
      return topic?.partitions.map((p) => `${p.partition}@${p.offset}`) ?? [];
    };
    try {
      expect(await fetch()).toEqual(['0@-1', '1@-1']);

      // kafkajs runs a paused consumer for setOffsets and resetOffsets; it idles its 5 s
      // maxWaitTime before it stops, so each call takes that long whatever the broker does.
      await admin.setOffsets({
        groupId,
        topic: 'seek',
        partitions: [
          { partition: 0, offset: '2' },
          { partition: 1, offset: '1' },
        ],
      });
      expect(await fetch()).toEqual(['0@2', '1@1']);
      const fromSet = new TrackedConsumer(client, groupId, 'seek');
      try {
        await fromSet.start();
        await eventually(() => {
          expect(fromSet.received.map((r) => `${r.partition}@${r.offset}`).sort()).toEqual([
            '0@2',
            '1@1',
            '1@2',
          ]);
        });
      } finally {
        await fromSet.stop();
      }

      await admin.resetOffsets({ groupId, topic: 'seek', earliest: true });
      // kafkajs commits the EARLIEST sentinel (-2) itself and resolves it when it next consumes.
      expect(await fetch()).toEqual(['0@-2', '1@-2']);
      const fromReset = new TrackedConsumer(client, groupId, 'seek');
      try {
        await fromReset.start();
        await eventually(() => {
          expect(fromReset.received.map((r) => r.value).sort()).toEqual([...values].sort());
        });
      } finally {
        await fromReset.stop();
      }
    } finally {
      await admin.disconnect();
    }
  });
});
