import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/testkit/broker/groups/ErrorCode.js';
import type { OffsetToCommit } from '../../../../src/testkit/broker/groups/GroupRequests.js';
import { harness, roundrobin, subscription } from './harness.js';

const simple = { generationId: -1, memberId: '', groupInstanceId: null };

function offset(
  topic: string,
  partition: number,
  value: bigint,
  metadata: string | null = null,
): OffsetToCommit {
  return { topic, partition, offset: value, leaderEpoch: -1, metadata };
}

/** A group with one member in Stable generation 1. */
function stableGroup() {
  const h = harness();
  const a = h.joinNew();
  h.sync({
    memberId: a.memberId,
    generationId: 1,
    assignments: [{ memberId: a.memberId, assignment: subscription('asg') }],
  });
  const member = { generationId: 1, memberId: a.memberId, groupInstanceId: null };
  return { ...h, a: a.memberId, member };
}

describe('GroupCoordinator', () => {
  describe('OffsetCommit and OffsetFetch', () => {
    it('stores a member’s commit and fetches it back with its metadata', () => {
      const h = stableGroup();
      const codes = h.coordinator.commitOffsets('g', h.member, [
        offset('t', 0, 42n, 'meta'),
        offset('t', 1, 7n),
      ]);
      expect(codes).toEqual([ErrorCode.NONE, ErrorCode.NONE]);
      const fetched = h.coordinator.fetchOffsets(
        'g',
        [
          { topic: 't', partition: 0 },
          { topic: 't', partition: 1 },
        ],
        false,
      );
      expect(fetched).toEqual({
        errorCode: ErrorCode.NONE,
        partitions: [
          {
            topic: 't',
            partition: 0,
            offset: 42n,
            leaderEpoch: -1,
            metadata: 'meta',
            errorCode: ErrorCode.NONE,
          },
          {
            topic: 't',
            partition: 1,
            offset: 7n,
            leaderEpoch: -1,
            metadata: null,
            errorCode: ErrorCode.NONE,
          },
        ],
      });
    });

    it('fetches -1 with no error for a partition or group with nothing committed', () => {
      const h = harness();
      const fetched = h.coordinator.fetchOffsets('nobody', [{ topic: 't', partition: 3 }], false);
      expect(fetched.partitions).toEqual([
        {
          topic: 't',
          partition: 3,
          offset: -1n,
          leaderEpoch: -1,
          metadata: '',
          errorCode: ErrorCode.NONE,
        },
      ]);
    });

    it('fetches every committed partition, sorted, when no topics are named', () => {
      const h = harness();
      h.coordinator.commitOffsets('g', simple, [
        offset('b', 1, 1n),
        offset('a', 2, 2n),
        offset('a', 0, 3n),
      ]);
      const all = h.coordinator.fetchOffsets('g', null, false).partitions;
      expect(all.map((p) => `${p.topic}/${p.partition}@${p.offset}`)).toEqual([
        'a/0@3',
        'a/2@2',
        'b/1@1',
      ]);
    });

    it('accepts a simple commit (generation -1) only while the group has no members', () => {
      const h = harness();
      expect(h.coordinator.commitOffsets('solo', simple, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.NONE,
      ]);
      expect(h.coordinator.listGroups()).toEqual([
        { groupId: 'solo', protocolType: '', state: 'Empty' },
      ]);
      const s = stableGroup();
      expect(s.coordinator.commitOffsets('g', simple, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.UNKNOWN_MEMBER_ID,
      ]);
    });

    it('checks member and generation', () => {
      const h = stableGroup();
      const stale = { ...h.member, generationId: 0 };
      const stranger = { ...h.member, memberId: 'nobody' };
      expect(h.coordinator.commitOffsets('g', stale, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.ILLEGAL_GENERATION,
      ]);
      expect(h.coordinator.commitOffsets('g', stranger, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.UNKNOWN_MEMBER_ID,
      ]);
      expect(h.coordinator.commitOffsets('new', h.member, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.ILLEGAL_GENERATION,
      ]);
      expect(h.coordinator.committedOffsets('g')).toEqual([]);
    });

    it('answers REBALANCE_IN_PROGRESS during CompletingRebalance but accepts the current generation while preparing', () => {
      const h = stableGroup();
      h.joinNew();
      expect(h.state()).toBe('PreparingRebalance');
      expect(h.coordinator.commitOffsets('g', h.member, [offset('t', 0, 5n)])).toEqual([
        ErrorCode.NONE,
      ]);
      h.join({ memberId: h.a });
      expect(h.state()).toBe('CompletingRebalance');
      const gen2 = { ...h.member, generationId: 2 };
      expect(h.coordinator.commitOffsets('g', gen2, [offset('t', 0, 6n)])).toEqual([
        ErrorCode.REBALANCE_IN_PROGRESS,
      ]);
    });

    it('refuses oversized metadata per partition and stores the rest', () => {
      const h = harness({ offsetMetadataMaxBytes: 4 });
      const codes = h.coordinator.commitOffsets('g', simple, [
        offset('t', 0, 1n, 'fits'),
        offset('t', 1, 1n, 'too long'),
      ]);
      expect(codes).toEqual([ErrorCode.NONE, ErrorCode.OFFSET_METADATA_TOO_LARGE]);
      expect(h.coordinator.committedOffsets('g').map((o) => o.partition)).toEqual([0]);
    });

    it('counts a commit as a sign of life for the session timeout', () => {
      const h = stableGroup();
      h.clock.advance(9_000);
      h.coordinator.commitOffsets('g', h.member, [offset('t', 0, 1n)]);
      h.clock.advance(9_000);
      expect(h.heartbeat(h.a, 1)).toBe(ErrorCode.NONE);
    });

    it('rejects an empty group id', () => {
      expect(harness().coordinator.commitOffsets('', simple, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.INVALID_GROUP_ID,
      ]);
    });
  });

  describe('transactional offsets', () => {
    it('keeps staged offsets invisible until the transaction commits', () => {
      const h = harness();
      h.coordinator.commitOffsets('g', simple, [offset('t', 0, 1n)]);
      expect(h.coordinator.stageTxnOffsets('g', 7n, [offset('t', 0, 10n)])).toEqual([
        ErrorCode.NONE,
      ]);
      expect(
        h.coordinator.fetchOffsets('g', [{ topic: 't', partition: 0 }], false).partitions[0]
          ?.offset,
      ).toBe(1n);
      h.coordinator.commitTxnOffsets(7n);
      expect(h.coordinator.committedOffsets('g')).toEqual([
        { topic: 't', partition: 0, offset: 10n, leaderEpoch: -1, metadata: null },
      ]);
    });

    it('drops staged offsets when the transaction aborts', () => {
      const h = harness();
      h.coordinator.stageTxnOffsets('g', 7n, [offset('t', 0, 10n)]);
      h.coordinator.abortTxnOffsets(7n);
      h.coordinator.commitTxnOffsets(7n);
      expect(h.coordinator.committedOffsets('g')).toEqual([]);
    });

    it('answers UNSTABLE_OFFSET_COMMIT to require_stable fetches of partitions with staged offsets', () => {
      const h = harness();
      h.coordinator.stageTxnOffsets('g', 7n, [offset('t', 0, 10n)]);
      const fetched = h.coordinator.fetchOffsets(
        'g',
        [
          { topic: 't', partition: 0 },
          { topic: 't', partition: 1 },
        ],
        true,
      );
      expect(fetched.partitions.map((p) => p.errorCode)).toEqual([
        ErrorCode.UNSTABLE_OFFSET_COMMIT,
        ErrorCode.NONE,
      ]);
    });

    it('lets a plain commit made after staging win over the transaction', () => {
      const h = harness();
      h.coordinator.stageTxnOffsets('g', 7n, [offset('t', 0, 10n)]);
      h.coordinator.commitOffsets('g', simple, [offset('t', 0, 3n)]);
      h.coordinator.commitTxnOffsets(7n);
      expect(h.coordinator.committedOffsets('g')[0]?.offset).toBe(3n);
    });

    it('accepts offsets without member fields into an active group, but checks them when given', () => {
      const h = stableGroup();
      expect(h.coordinator.stageTxnOffsets('g', 1n, [offset('t', 0, 1n)])).toEqual([
        ErrorCode.NONE,
      ]);
      const stale = { ...h.member, generationId: 0 };
      expect(h.coordinator.stageTxnOffsets('g', 1n, [offset('t', 0, 1n)], stale)).toEqual([
        ErrorCode.ILLEGAL_GENERATION,
      ]);
      expect(h.coordinator.stageTxnOffsets('g', 1n, [offset('t', 0, 1n)], h.member)).toEqual([
        ErrorCode.NONE,
      ]);
    });
  });

  describe('DescribeGroups', () => {
    it('reports a Stable group with each member’s metadata and assignment', () => {
      const h = stableGroup();
      expect(h.coordinator.describeGroups(['g'])).toEqual([
        {
          errorCode: ErrorCode.NONE,
          groupId: 'g',
          state: 'Stable',
          protocolType: 'consumer',
          protocolData: 'roundrobin',
          members: [
            {
              memberId: h.a,
              groupInstanceId: null,
              clientId: 'client',
              clientHost: '/127.0.0.1',
              metadata: roundrobin().metadata,
              assignment: subscription('asg'),
            },
          ],
        },
      ]);
    });

    it('hides protocol, metadata and assignment while rebalancing', () => {
      const h = stableGroup();
      h.joinNew();
      const [group] = h.coordinator.describeGroups(['g']);
      expect(group?.state).toBe('PreparingRebalance');
      expect(group?.protocolData).toBe('');
      expect(group?.members.map((m) => [m.metadata.length, m.assignment.length])).toEqual([
        [0, 0],
        [0, 0],
      ]);
    });

    it('reports a missing group as Dead', () => {
      expect(harness().coordinator.describeGroups(['nope'])[0]).toMatchObject({
        errorCode: ErrorCode.NONE,
        state: 'Dead',
        members: [],
      });
    });
  });

  describe('ListGroups', () => {
    it('lists every group with its protocol type and state, filtered by state if asked', () => {
      const h = stableGroup();
      h.coordinator.commitOffsets('offsets-only', simple, [offset('t', 0, 1n)]);
      expect(h.coordinator.listGroups()).toEqual([
        { groupId: 'g', protocolType: 'consumer', state: 'Stable' },
        { groupId: 'offsets-only', protocolType: '', state: 'Empty' },
      ]);
      expect(h.coordinator.listGroups(['empty']).map((g) => g.groupId)).toEqual(['offsets-only']);
    });

    it('keeps a group that emptied, with its protocol type', () => {
      const h = stableGroup();
      h.coordinator.leaveGroup('g', [{ memberId: h.a, groupInstanceId: null }]);
      expect(h.coordinator.listGroups()).toEqual([
        { groupId: 'g', protocolType: 'consumer', state: 'Empty' },
      ]);
    });

    it('does not keep a group whose first join was rejected', () => {
      const h = harness();
      h.join({ protocols: [] });
      expect(h.coordinator.listGroups()).toEqual([]);
    });
  });

  describe('DeleteGroups', () => {
    it('deletes an Empty group with its offsets, refusing non-empty and missing groups', () => {
      const h = stableGroup();
      h.coordinator.commitOffsets('old', simple, [offset('t', 0, 1n)]);
      expect(h.coordinator.deleteGroups(['g', 'old', 'nope', ''])).toEqual([
        { groupId: 'g', errorCode: ErrorCode.NON_EMPTY_GROUP },
        { groupId: 'old', errorCode: ErrorCode.NONE },
        { groupId: 'nope', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
        { groupId: '', errorCode: ErrorCode.INVALID_GROUP_ID },
      ]);
      expect(h.coordinator.committedOffsets('old')).toEqual([]);
      expect(h.coordinator.describeGroups(['old'])[0]?.state).toBe('Dead');
    });
  });

  describe('close', () => {
    it('keeps committed offsets readable but refuses requests', () => {
      const h = harness();
      h.coordinator.commitOffsets('g', simple, [offset('t', 0, 1n)]);
      h.coordinator.close();
      expect(h.coordinator.committedOffsets('g')).toHaveLength(1);
      expect(h.coordinator.fetchOffsets('g', null, false).errorCode).toBe(
        ErrorCode.COORDINATOR_NOT_AVAILABLE,
      );
      expect(h.coordinator.commitOffsets('g', simple, [offset('t', 0, 2n)])).toEqual([
        ErrorCode.COORDINATOR_NOT_AVAILABLE,
      ]);
      expect(h.coordinator.describeGroups(['g'])[0]?.errorCode).toBe(
        ErrorCode.COORDINATOR_NOT_AVAILABLE,
      );
    });
  });
});
