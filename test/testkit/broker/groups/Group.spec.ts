import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/testkit/broker/groups/ErrorCode.js';
import { emptyConsumerAssignment } from '../../../../src/testkit/broker/groups/emptyConsumerAssignment.js';
import { harness, roundrobin, subscription } from './harness.js';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Two members, A (leader) and B, in a Stable generation 2. */
function stableTwoMemberGroup() {
  const h = harness();
  const a = h.joinNew();
  h.sync({ memberId: a.memberId, generationId: 1, assignments: [] });
  const b = h.joinNew({ protocols: [roundrobin('b')] });
  expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  const a2 = h.join({ memberId: a.memberId, protocols: [roundrobin('a')] });
  expect(a2.value?.generationId).toBe(2);
  const syncA = h.sync({
    memberId: a.memberId,
    generationId: 2,
    assignments: [
      { memberId: a.memberId, assignment: bytes('A') },
      { memberId: b.memberId, assignment: bytes('B') },
    ],
  });
  const syncB = h.sync({ memberId: b.memberId, generationId: 2 });
  expect(h.state()).toBe('Stable');
  return { ...h, a: a.memberId, b: b.memberId, syncA, syncB, joinA: a2, joinB: b };
}

describe('Group', () => {
  describe('JoinGroup', () => {
    it('answers a first v4+ join MEMBER_ID_REQUIRED with a new member id and keeps the group Empty', () => {
      const h = harness();
      const first = h.join();
      expect(first.value).toMatchObject({
        errorCode: ErrorCode.MEMBER_ID_REQUIRED,
        memberId: 'client-1',
      });
      expect(h.state()).toBe('Empty');
    });

    it('completes the rejoin at once for a lone member, making it leader of generation 1', () => {
      const h = harness();
      const a = h.joinNew();
      expect(a.value).toEqual({
        errorCode: ErrorCode.NONE,
        generationId: 1,
        protocolType: 'consumer',
        protocolName: 'roundrobin',
        leader: a.memberId,
        memberId: a.memberId,
        members: [{ memberId: a.memberId, groupInstanceId: null, metadata: subscription('x') }],
      });
      expect(h.state()).toBe('CompletingRebalance');
    });

    it('adds a member directly for JoinGroup v0-3', () => {
      const h = harness();
      const a = h.join({ requireKnownMemberId: false });
      expect(a.value).toMatchObject({
        errorCode: ErrorCode.NONE,
        generationId: 1,
        memberId: 'client-1',
      });
    });

    it('holds a new member’s join until the existing members rejoin', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew();
      expect(b.value).toBeUndefined();
      expect(h.state()).toBe('PreparingRebalance');
      expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      const a2 = h.join({ memberId: a.memberId });
      expect(a2.value?.generationId).toBe(2);
      expect(a2.value?.leader).toBe(a.memberId);
      expect(a2.value?.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId]);
      expect(b.value).toMatchObject({
        errorCode: ErrorCode.NONE,
        generationId: 2,
        leader: a.memberId,
      });
      expect(b.value?.members).toEqual([]);
    });

    it('waits for members that were answered MEMBER_ID_REQUIRED before completing a rebalance', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b1 = h.join();
      const a2 = h.join({ memberId: a.memberId, protocols: [roundrobin('changed')] });
      expect(a2.value).toBeUndefined();
      const b2 = h.join({ memberId: b1.value!.memberId });
      expect(a2.value?.generationId).toBe(2);
      expect(b2.value?.generationId).toBe(2);
    });

    it('forgets a MEMBER_ID_REQUIRED id that is not used within the session timeout', () => {
      const h = harness();
      const first = h.join();
      h.clock.advance(10_000);
      const second = h.join({ memberId: first.value!.memberId });
      expect(second.value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('rejects an unknown member id', () => {
      const h = harness();
      h.joinNew();
      expect(h.join({ memberId: 'nobody' }).value?.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(h.join({ groupId: 'other', memberId: 'nobody' }).value?.errorCode).toBe(
        ErrorCode.UNKNOWN_MEMBER_ID,
      );
    });

    it('rejects a session timeout outside the group min/max', () => {
      const h = harness();
      expect(h.join({ sessionTimeoutMs: 5999 }).value?.errorCode).toBe(
        ErrorCode.INVALID_SESSION_TIMEOUT,
      );
      expect(h.join({ sessionTimeoutMs: 1_800_001 }).value?.errorCode).toBe(
        ErrorCode.INVALID_SESSION_TIMEOUT,
      );
    });

    it('rejects an empty group id', () => {
      expect(harness().join({ groupId: '' }).value?.errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    });

    it('rejects a different protocol type or no protocol in common', () => {
      const h = harness();
      h.joinNew();
      expect(h.join({ protocolType: 'connect' }).value?.errorCode).toBe(
        ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      );
      const range = { name: 'range', metadata: subscription('r') };
      expect(h.join({ protocols: [range] }).value?.errorCode).toBe(
        ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      );
      expect(harness().join({ protocols: [] }).value?.errorCode).toBe(
        ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
      );
    });

    it('picks the protocol most members prefer among those all support', () => {
      const h = harness({ initialRebalanceDelayMs: 10 });
      const range = { name: 'range', metadata: subscription('r') };
      const sticky = { name: 'sticky', metadata: subscription('s') };
      const a = h.joinNew({ protocols: [sticky, range, roundrobin()] });
      const b = h.joinNew({ protocols: [range, roundrobin()] });
      const c = h.joinNew({ protocols: [roundrobin(), range] });
      h.clock.advance(20); // the joins during the first delay extend it once
      // sticky is not common; range gets A's and B's votes, roundrobin only C's.
      expect([a, b, c].map((r) => r.value?.protocolName)).toEqual(['range', 'range', 'range']);
      expect(a.value?.members.map((m) => m.metadata)).toEqual([
        subscription('r'),
        subscription('r'),
        range.metadata,
      ]);
    });

    it('answers a follower that rejoins a Stable group unchanged without rebalancing', () => {
      const h = stableTwoMemberGroup();
      const again = h.join({ memberId: h.b, protocols: [roundrobin('b')] });
      expect(again.value).toMatchObject({
        errorCode: ErrorCode.NONE,
        generationId: 2,
        members: [],
      });
      expect(h.state()).toBe('Stable');
    });

    it('rebalances when the leader rejoins a Stable group', () => {
      const h = stableTwoMemberGroup();
      const again = h.join({ memberId: h.a, protocols: [roundrobin('a')] });
      expect(again.value).toBeUndefined();
      expect(h.state()).toBe('PreparingRebalance');
    });

    it('waits for an empty group’s initial rebalance delay so members starting together share a generation', () => {
      const h = harness({ initialRebalanceDelayMs: 100 });
      const a = h.joinNew();
      h.clock.advance(60);
      const b = h.joinNew();
      h.clock.advance(60);
      expect(a.value).toBeUndefined();
      h.clock.advance(100);
      expect(a.value?.generationId).toBe(1);
      expect(b.value?.generationId).toBe(1);
      expect(a.value?.members).toHaveLength(2);
    });
  });

  describe('SyncGroup', () => {
    it('holds followers until the leader brings the assignment, then answers each its own bytes', () => {
      const h = stableTwoMemberGroup();
      expect(h.syncA.value).toMatchObject({ errorCode: ErrorCode.NONE, assignment: bytes('A') });
      expect(h.syncB.value).toMatchObject({
        errorCode: ErrorCode.NONE,
        protocolType: 'consumer',
        protocolName: 'roundrobin',
        assignment: bytes('B'),
      });
    });

    it('holds a follower that syncs before the leader', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew();
      h.join({ memberId: a.memberId });
      const syncB = h.sync({ memberId: b.memberId, generationId: 2 });
      expect(syncB.value).toBeUndefined();
      h.sync({
        memberId: a.memberId,
        generationId: 2,
        assignments: [{ memberId: b.memberId, assignment: bytes('B') }],
      });
      expect(syncB.value?.assignment).toEqual(bytes('B'));
    });

    it('gives a consumer the leader assigned nothing a valid empty assignment', () => {
      const h = harness();
      const a = h.joinNew();
      expect(h.sync({ memberId: a.memberId, generationId: 1 }).value?.assignment).toEqual(
        emptyConsumerAssignment,
      );
    });

    it('passes other protocol types’ empty assignments through untouched', () => {
      const h = harness();
      const a = h.joinNew({ protocolType: 'connect' });
      expect(h.sync({ memberId: a.memberId, generationId: 1 }).value?.assignment).toHaveLength(0);
    });

    it('returns the stored assignment to a member that syncs again while Stable', () => {
      const h = stableTwoMemberGroup();
      expect(h.sync({ memberId: h.b, generationId: 2 }).value?.assignment).toEqual(bytes('B'));
    });

    it('refuses an unknown member, a stale generation and a mismatched protocol', () => {
      const h = stableTwoMemberGroup();
      expect(h.sync({ memberId: 'nobody', generationId: 2 }).value?.errorCode).toBe(
        ErrorCode.UNKNOWN_MEMBER_ID,
      );
      expect(h.sync({ memberId: h.b, generationId: 1 }).value?.errorCode).toBe(
        ErrorCode.ILLEGAL_GENERATION,
      );
      expect(
        h.sync({ memberId: h.b, generationId: 2, protocolName: 'range' }).value?.errorCode,
      ).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
      expect(h.sync({ groupId: 'nope', memberId: h.b, generationId: 2 }).value?.errorCode).toBe(
        ErrorCode.UNKNOWN_MEMBER_ID,
      );
    });

    it('answers REBALANCE_IN_PROGRESS while preparing a rebalance, and to syncs held when one starts', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew();
      h.join({ memberId: a.memberId });
      const heldB = h.sync({ memberId: b.memberId, generationId: 2 });
      h.joinNew(); // a third member arrives before the leader syncs
      expect(heldB.value?.errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      expect(h.sync({ memberId: b.memberId, generationId: 2 }).value?.errorCode).toBe(
        ErrorCode.REBALANCE_IN_PROGRESS,
      );
    });
  });

  describe('Heartbeat', () => {
    it('answers NONE in CompletingRebalance and Stable, REBALANCE_IN_PROGRESS while preparing', () => {
      const h = harness();
      const a = h.joinNew();
      expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.NONE);
      h.sync({ memberId: a.memberId, generationId: 1 });
      expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.NONE);
      h.joinNew();
      expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    });

    it('refuses unknown members, missing groups and stale generations', () => {
      const h = stableTwoMemberGroup();
      expect(h.heartbeat('nobody', 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(h.heartbeat(h.a, 2, 'nope')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(h.heartbeat(h.a, 1)).toBe(ErrorCode.ILLEGAL_GENERATION);
    });
  });

  describe('session timeout', () => {
    it('removes a member that stops heartbeating and rebalances the rest', () => {
      const h = stableTwoMemberGroup();
      h.clock.advance(6_000);
      expect(h.heartbeat(h.a, 2)).toBe(ErrorCode.NONE);
      h.clock.advance(4_000); // B's session (10 s) ends; A heartbeated 4 s ago
      expect(h.state()).toBe('PreparingRebalance');
      expect(h.heartbeat(h.a, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      const a3 = h.join({ memberId: h.a, protocols: [roundrobin('a')] });
      expect(a3.value?.generationId).toBe(3);
      expect(a3.value?.members.map((m) => m.memberId)).toEqual([h.a]);
      expect(h.heartbeat(h.b, 3)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('empties the group when its only member expires', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      h.clock.advance(10_000);
      expect(h.state()).toBe('Empty');
      expect(h.coordinator.describeGroups(['g'])[0]?.members).toEqual([]);
    });

    it('keeps a member whose join is held alive past its session timeout', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew();
      h.clock.advance(9_000);
      h.heartbeat(a.memberId, 1);
      h.clock.advance(9_000); // B has sent nothing since its join, but the join is held
      h.join({ memberId: a.memberId });
      expect(b.value?.errorCode).toBe(ErrorCode.NONE);
      expect(b.value?.generationId).toBe(2);
    });
  });

  describe('rebalance timeout', () => {
    it('drops members that do not rejoin in time and completes the join with the rest', () => {
      const h = harness();
      const a = h.joinNew({ sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew({ sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      h.clock.advance(19_999);
      expect(b.value).toBeUndefined();
      h.clock.advance(1);
      expect(b.value).toMatchObject({ generationId: 2, leader: b.memberId });
      expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    });

    it('drops members that get their join answer but never sync', () => {
      const h = harness();
      const a = h.joinNew({ sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew({ sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      h.join({ memberId: a.memberId, sessionTimeoutMs: 60_000, rebalanceTimeoutMs: 20_000 });
      h.sync({ memberId: a.memberId, generationId: 2 });
      h.clock.advance(20_000);
      expect(h.heartbeat(b.memberId, 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
      expect(h.heartbeat(a.memberId, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    });
  });

  describe('LeaveGroup', () => {
    it('rebalances the rest, and the remaining member leads the next generation', () => {
      const h = stableTwoMemberGroup();
      const result = h.coordinator.leaveGroup('g', [{ memberId: h.a, groupInstanceId: null }]);
      expect(result).toEqual({
        errorCode: ErrorCode.NONE,
        members: [{ memberId: h.a, groupInstanceId: null, errorCode: ErrorCode.NONE }],
      });
      expect(h.heartbeat(h.b, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
      const b3 = h.join({ memberId: h.b, protocols: [roundrobin('b')] });
      expect(b3.value).toMatchObject({ generationId: 3, leader: h.b });
    });

    it('empties the group when the last member leaves, bumping the generation', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      h.coordinator.leaveGroup('g', [{ memberId: a.memberId, groupInstanceId: null }]);
      expect(h.state()).toBe('Empty');
      expect(h.clock.pending).toBe(0);
    });

    it('reports unknown members per member, in a missing group too', () => {
      const h = stableTwoMemberGroup();
      const unknown = [{ memberId: 'nobody', groupInstanceId: null }];
      expect(h.coordinator.leaveGroup('g', unknown).members[0]?.errorCode).toBe(
        ErrorCode.UNKNOWN_MEMBER_ID,
      );
      expect(h.coordinator.leaveGroup('nope', unknown).members[0]?.errorCode).toBe(
        ErrorCode.UNKNOWN_MEMBER_ID,
      );
      expect(h.state()).toBe('Stable');
    });

    it('lets a pending member leave without disturbing a Stable group', () => {
      const h = stableTwoMemberGroup();
      const pending = h.join().value!.memberId;
      h.coordinator.leaveGroup('g', [{ memberId: pending, groupInstanceId: null }]);
      expect(h.state()).toBe('Stable');
    });
  });

  describe('static membership', () => {
    it('skips MEMBER_ID_REQUIRED and fences the old incarnation when an instance restarts', () => {
      const h = harness();
      const first = h.join({ groupInstanceId: 'i1' });
      expect(first.value).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 1 });
      const old = first.value!.memberId;
      h.sync({ memberId: old, generationId: 1, groupInstanceId: 'i1' });
      const again = h.join({ groupInstanceId: 'i1' });
      expect(again.value).toMatchObject({ errorCode: ErrorCode.NONE, generationId: 2 });
      const fenced = h.coordinator.heartbeat({
        groupId: 'g',
        memberId: old,
        generationId: 2,
        groupInstanceId: 'i1',
      });
      expect(fenced).toBe(ErrorCode.FENCED_INSTANCE_ID);
    });

    it('lets a static member leave by instance id alone', () => {
      const h = harness();
      h.join({ groupInstanceId: 'i1' });
      const left = h.coordinator.leaveGroup('g', [{ memberId: '', groupInstanceId: 'i1' }]);
      expect(left.members[0]?.errorCode).toBe(ErrorCode.NONE);
      expect(h.state()).toBe('Empty');
    });
  });

  describe('close', () => {
    it('answers held requests COORDINATOR_NOT_AVAILABLE, cancels every timer and refuses new work', () => {
      const h = harness();
      const a = h.joinNew();
      h.sync({ memberId: a.memberId, generationId: 1 });
      const b = h.joinNew();
      expect(h.clock.pending).toBeGreaterThan(0);
      h.coordinator.close();
      expect(b.value?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      expect(b.calls).toBe(1);
      expect(h.clock.pending).toBe(0);
      expect(h.coordinator.pendingTimers).toBe(0);
      expect(h.join().value?.errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
      expect(h.heartbeat(a.memberId, 1)).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    });
  });
});
