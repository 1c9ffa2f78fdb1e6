import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../src/testkit/broker/groups/ErrorCode.js';
import { OffsetJournal } from '../../../../src/testkit/broker/groups/OffsetJournal.js';
import { harness, roundrobin, subscription } from './harness.js';

// Group metadata written to the journal and loaded by the next coordinator on it, as Kafka's
// coordinator loads groups from `__consumer_offsets`.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function journal(): OffsetJournal {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-groups-'));
  dirs.push(dir);
  return OffsetJournal.in(dir);
}

/** Two members in Stable generation 2, `a` leading, each with its own assignment. */
function stableGroupOf(j: OffsetJournal) {
  const h = harness({}, j);
  const a = h.joinNew({ protocols: [roundrobin('a')] });
  const b = h.joinNew({ protocols: [roundrobin('b')] });
  h.join({ memberId: a.memberId, protocols: [roundrobin('a')] });
  expect(b.value?.generationId).toBe(2);
  const assignments = [
    { memberId: a.memberId, assignment: subscription('to-a') },
    { memberId: b.memberId, assignment: subscription('to-b') },
  ];
  h.sync({ memberId: b.memberId, generationId: 2 });
  h.sync({ memberId: a.memberId, generationId: 2, assignments });
  expect(h.state()).toBe('Stable');
  return { h, a: a.memberId, b: b.memberId };
}

describe('group metadata in the journal', () => {
  it('brings a stable group back Stable, with its generation, leader, members and assignments', () => {
    const j = journal();
    const { h, a, b } = stableGroupOf(j);
    const before = h.coordinator.describeGroups(['g']);
    h.coordinator.close();

    const next = harness({}, j);
    expect(next.coordinator.describeGroups(['g'])).toEqual(before);
    expect(next.heartbeat(a, 2)).toBe(ErrorCode.NONE);
    expect(next.heartbeat(b, 2)).toBe(ErrorCode.NONE);
    expect(next.heartbeat(b, 1)).toBe(ErrorCode.ILLEGAL_GENERATION);
    // A follower's SyncGroup gets its stored assignment back.
    const sync = next.sync({ memberId: b, generationId: 2 });
    expect(sync.value?.errorCode).toBe(ErrorCode.NONE);
    expect(sync.value?.assignment).toEqual(subscription('to-b'));
    // Members may commit in their generation at once.
    const member = { generationId: 2, memberId: a, groupInstanceId: null };
    const offsets = [{ topic: 't', partition: 0, offset: 3n, leaderEpoch: -1, metadata: null }];
    expect(next.coordinator.commitOffsets('g', member, offsets)).toEqual([ErrorCode.NONE]);
    next.coordinator.close();
  });

  it('starts restored members’ session timers, so a member that never comes back is removed', () => {
    const j = journal();
    const { h, a, b } = stableGroupOf(j);
    h.coordinator.close();

    const next = harness({}, j);
    // Only `a` heartbeats; the session timeout in the harness is 10 s.
    for (let t = 0; t < 12; t++) {
      next.clock.advance(1000);
      next.heartbeat(a, 2);
    }
    expect(next.heartbeat(b, 2)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(next.heartbeat(a, 2)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(next.state()).toBe('PreparingRebalance');
    next.coordinator.close();
    expect(next.coordinator.pendingTimers).toBe(0);
  });

  it('brings a group that emptied back Empty, keeping its generation', () => {
    const j = journal();
    const { h, a, b } = stableGroupOf(j);
    h.coordinator.leaveGroup('g', [
      { memberId: a, groupInstanceId: null },
      { memberId: b, groupInstanceId: null },
    ]);
    expect(h.state()).toBe('Empty');
    h.coordinator.close();

    const next = harness({}, j);
    expect(next.state()).toBe('Empty');
    expect(next.heartbeat(a, 3)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    // Leaving emptied the group in generation 3; the next one follows it, as in Kafka.
    const c = next.joinNew();
    expect(c.value?.generationId).toBe(4);
    next.coordinator.close();
  });

  it('forgets the metadata of a deleted group', () => {
    const j = journal();
    const { h, a, b } = stableGroupOf(j);
    h.coordinator.leaveGroup('g', [
      { memberId: a, groupInstanceId: null },
      { memberId: b, groupInstanceId: null },
    ]);
    expect(h.coordinator.deleteGroups(['g'])).toEqual([
      { groupId: 'g', errorCode: ErrorCode.NONE },
    ]);
    h.coordinator.close();

    const next = harness({}, j);
    expect(next.state()).toBe('Dead');
    expect(next.coordinator.listGroups()).toEqual([]);
    next.coordinator.close();
  });
});
