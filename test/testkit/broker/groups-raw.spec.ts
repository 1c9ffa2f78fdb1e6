import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/EmbeddedKafka.js';
import {
  groupCoordinatorNode,
  groupCoordinatorOf,
} from '../../../src/testkit/broker/groups/groupCoordinatorKey.js';
import {
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  HeartbeatRequest,
  HeartbeatResponse,
  JoinGroupRequest,
  JoinGroupResponse,
  LeaveGroupRequest,
  LeaveGroupResponse,
  ListGroupsRequest,
  ListGroupsResponse,
  OffsetCommitRequest,
  OffsetCommitResponse,
  OffsetFetchRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
  SyncGroupResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { startBroker } from './groups-fixtures.js';
import { RawClient } from './helpers/RawClient.js';

// Request-level checks for the versions and paths kafkajs and kcat never take: v0 requests,
// LeaveGroup member lists, per-partition vs top-level OffsetFetch errors, require_stable,
// FindCoordinator for transactions, and NOT_COORDINATOR on the wrong broker.

let kafka: EmbeddedKafka;
let logs: string[];
const clients: RawClient[] = [];

beforeAll(async () => {
  ({ kafka, logs } = await startBroker({ brokers: 2 }));
});

afterEach(() => {
  for (const c of clients.splice(0)) c.close();
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

async function connect(nodeId: number): Promise<RawClient> {
  const client = await RawClient.connect(kafka.bootstrapServers[nodeId] ?? '');
  clients.push(client);
  return client;
}

const protocol = { name: 'range', metadata: Buffer.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]) };

function join(
  client: RawClient,
  version: number,
  groupId: string,
  memberId = '',
  instance: string | null = null,
) {
  return client.request(11, version, JoinGroupRequest, JoinGroupResponse, {
    groupId,
    sessionTimeoutMs: 10_000,
    rebalanceTimeoutMs: 10_000,
    memberId,
    groupInstanceId: instance,
    protocolType: 'consumer',
    protocols: [protocol],
    reason: null,
  });
}

function leave(client: RawClient, version: number, groupId: string, memberIds: string[]) {
  return client.request(13, version, LeaveGroupRequest, LeaveGroupResponse, {
    groupId,
    memberId: memberIds[0] ?? '',
    members: memberIds.map((memberId) => ({ memberId, groupInstanceId: null, reason: null })),
  });
}

function commit(client: RawClient, version: number, groupId: string, offsets: [number, bigint][]) {
  return client.request(8, version, OffsetCommitRequest, OffsetCommitResponse, {
    groupId,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    groupInstanceId: null,
    retentionTimeMs: -1n,
    topics: [
      {
        name: 't',
        partitions: offsets.map(([partitionIndex, committedOffset]) => ({
          partitionIndex,
          committedOffset,
          committedLeaderEpoch: -1,
          commitTimestamp: -1n,
          committedMetadata: null,
        })),
      },
    ],
  });
}

function fetchOffsets(
  client: RawClient,
  version: number,
  groupId: string,
  partitions: number[] | null,
  requireStable = false,
) {
  return client.request(9, version, OffsetFetchRequest, OffsetFetchResponse, {
    groupId,
    topics: partitions === null ? null : [{ name: 't', partitionIndexes: partitions }],
    groups: [],
    requireStable,
  });
}

describe('group APIs at the request level', () => {
  it('runs a whole v0 group lifecycle: join without MEMBER_ID_REQUIRED, sync, heartbeat, leave', async () => {
    const groupId = groupOn(0, 'g-v0');
    const client = await connect(0);
    const joined = await join(client, 0, groupId);
    expect(joined).toMatchObject({ errorCode: 0, generationId: 1, protocolName: 'range' });
    expect(joined.leader).toBe(joined.memberId);
    const synced = await client.request(14, 0, SyncGroupRequest, SyncGroupResponse, {
      groupId,
      generationId: 1,
      memberId: joined.memberId,
      groupInstanceId: null,
      protocolType: null,
      protocolName: null,
      assignments: [{ memberId: joined.memberId, assignment: Buffer.from('mine') }],
    });
    expect(synced).toMatchObject({ errorCode: 0, assignment: Buffer.from('mine') });
    const beat = (generationId: number) =>
      client.request(12, 0, HeartbeatRequest, HeartbeatResponse, {
        groupId,
        generationId,
        memberId: joined.memberId,
        groupInstanceId: null,
      });
    expect((await beat(1)).errorCode).toBe(0);
    expect((await beat(7)).errorCode).toBe(22); // ILLEGAL_GENERATION
    expect((await leave(client, 0, groupId, [joined.memberId])).errorCode).toBe(0);
    // v0-2 have no per-member results: an unknown member is the request's error.
    expect((await leave(client, 0, groupId, [joined.memberId])).errorCode).toBe(25);
  });

  it('answers LeaveGroup v3 per member', async () => {
    const groupId = groupOn(0, 'g-leave3');
    const client = await connect(0);
    const { memberId } = await join(client, 5, groupId, '', 'instance-1');
    const result = await leave(client, 3, groupId, [memberId, 'stranger']);
    expect(result.errorCode).toBe(0);
    expect(result.members?.map((m) => [m.memberId, m.errorCode])).toEqual([
      [memberId, 0],
      ['stranger', 25],
    ]);
  });

  it('reports a static member’s instance id in DescribeGroups v4 and filters ListGroups v4 by state', async () => {
    const groupId = groupOn(1, 'g-static');
    const client = await connect(1);
    const joined = await join(client, 5, groupId, '', 'instance-7');
    expect(joined.errorCode).toBe(0); // static members skip MEMBER_ID_REQUIRED
    const described = await client.request(15, 4, DescribeGroupsRequest, DescribeGroupsResponse, {
      groups: [groupId],
      includeAuthorizedOperations: false,
    });
    expect(described.groups[0]).toMatchObject({
      groupState: 'CompletingRebalance',
      members: [{ memberId: joined.memberId, groupInstanceId: 'instance-7', clientId: 'raw' }],
    });
    const list = (states: string[]) =>
      client.request(16, 4, ListGroupsRequest, ListGroupsResponse, {
        statesFilter: states,
        typesFilter: [],
      });
    const listed = (await list(['CompletingRebalance'])).groups;
    expect(listed.map((g) => [g.groupId, g.protocolType, g.groupState])).toEqual([
      [groupId, 'consumer', 'CompletingRebalance'],
    ]);
    expect((await list(['Stable'])).groups).toEqual([]);
    await leave(client, 3, groupId, [joined.memberId]);
  });

  it('stores v0 commits and fetches them per version, all partitions for null topics', async () => {
    const groupId = groupOn(0, 'g-commit0');
    const client = await connect(0);
    const committed = await commit(client, 0, groupId, [
      [0, 5n],
      [2, 7n],
    ]);
    expect(committed.topics[0]?.partitions.map((p) => p.errorCode)).toEqual([0, 0]);
    const v1 = await fetchOffsets(client, 1, groupId, [0, 1]);
    expect(v1.topics?.[0]?.partitions?.map((p) => [p.partitionIndex, p.committedOffset])).toEqual([
      [0, 5n],
      [1, -1n],
    ]);
    const all = await fetchOffsets(client, 7, groupId, null);
    expect(all.errorCode).toBe(0);
    expect(all.topics?.[0]?.partitions?.map((p) => [p.partitionIndex, p.committedOffset])).toEqual([
      [0, 5n],
      [2, 7n],
    ]);
  });

  it('answers require_stable fetches UNSTABLE_OFFSET_COMMIT while a transaction holds offsets', async () => {
    const groupId = groupOn(1, 'g-stable');
    const client = await connect(1);
    const coordinator = groupCoordinatorOf(kafka.cluster);
    coordinator.stageTxnOffsets(groupId, 4242n, [
      { topic: 't', partition: 0, offset: 3n, leaderEpoch: -1, metadata: null },
    ]);
    const stable = await fetchOffsets(client, 7, groupId, [0, 1], true);
    expect(stable.topics?.[0]?.partitions?.map((p) => p.errorCode)).toEqual([88, 0]);
    const lenient = await fetchOffsets(client, 7, groupId, [0], false);
    expect(lenient.topics?.[0]?.partitions?.[0]).toMatchObject({
      committedOffset: -1n,
      errorCode: 0,
    });
    coordinator.commitTxnOffsets(4242n);
    const after = await fetchOffsets(client, 7, groupId, [0], true);
    expect(after.topics?.[0]?.partitions?.[0]).toMatchObject({ committedOffset: 3n, errorCode: 0 });
  });

  it('finds group and transaction coordinators and refuses group requests on other brokers', async () => {
    const groupId = groupOn(1, 'g-elsewhere');
    const client = await connect(0);
    const find = (version: number, key: string, keyType: number) =>
      client.request(10, version, FindCoordinatorRequest, FindCoordinatorResponse, {
        key,
        keyType,
        coordinatorKeys: [],
      });
    expect(await find(0, groupId, 0)).toMatchObject({
      errorCode: 0,
      nodeId: 1,
      port: kafka.cluster.broker(1)?.port,
    });
    const txnNode = kafka.cluster.transactions.coordinatorFor('some-txn');
    expect(await find(2, 'some-txn', 1)).toMatchObject({
      errorCode: 0,
      nodeId: txnNode,
      errorMessage: null,
    });
    expect((await find(2, groupId, 5)).errorCode).toBe(42); // INVALID_REQUEST

    expect((await join(client, 5, groupId)).errorCode).toBe(16); // NOT_COORDINATOR
    // OffsetFetch carries a group-level error per partition before v2, at the top from v2.
    const v1 = await fetchOffsets(client, 1, groupId, [0]);
    expect(v1.topics?.[0]?.partitions?.[0]?.errorCode).toBe(16);
    const v2 = await fetchOffsets(client, 2, groupId, [0]);
    expect([v2.errorCode, v2.topics]).toEqual([16, []]);
  });
});
