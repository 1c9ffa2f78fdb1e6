import { ErrorCode } from '../../../../src/testkit/broker/groups/ErrorCode.js';
import {
  GroupCoordinator,
  type GroupCoordinatorOptions,
} from '../../../../src/testkit/broker/groups/GroupCoordinator.js';
import type {
  GroupProtocol,
  JoinParams,
  JoinResult,
  SyncParams,
  SyncResult,
} from '../../../../src/testkit/broker/groups/GroupRequests.js';
import type { OffsetJournal } from '../../../../src/testkit/broker/groups/OffsetJournal.js';
import { ManualClock } from './ManualClock.js';

/** A response that may arrive later: `value` is set once the coordinator answers. */
export interface Reply<T> {
  value: T | undefined;
  calls: number;
}

/** A consumer-protocol subscription stand-in; the coordinator never looks inside. */
export function subscription(tag: string): Uint8Array {
  return new TextEncoder().encode(`subscription:${tag}`);
}

export const roundrobin = (tag = 'x'): GroupProtocol => ({
  name: 'roundrobin',
  metadata: subscription(tag),
});

/**
 * A coordinator on a manual clock, with member ids `client-1`, `client-2`, … and, given a
 * journal, the state that journal holds.
 */
export function harness(options: GroupCoordinatorOptions = {}, journal?: OffsetJournal) {
  const clock = new ManualClock();
  let nextId = 0;
  const coordinator = new GroupCoordinator(
    {
      clock,
      newMemberId: (clientId) => `${clientId}-${++nextId}`,
      ...options,
    },
    journal,
  );

  function reply<T>(): [Reply<T>, (value: T) => void] {
    const r: Reply<T> = { value: undefined, calls: 0 };
    return [
      r,
      (value: T) => {
        r.value = value;
        r.calls++;
      },
    ];
  }

  function join(overrides: Partial<JoinParams> = {}): Reply<JoinResult> {
    const [r, respond] = reply<JoinResult>();
    coordinator.joinGroup(
      {
        groupId: 'g',
        memberId: '',
        groupInstanceId: null,
        sessionTimeoutMs: 10_000,
        rebalanceTimeoutMs: 30_000,
        protocolType: 'consumer',
        protocols: [roundrobin()],
        clientId: 'client',
        clientHost: '/127.0.0.1',
        requireKnownMemberId: true,
        ...overrides,
      },
      respond,
    );
    return r;
  }

  function sync(overrides: Partial<SyncParams> & { memberId: string; generationId: number }) {
    const [r, respond] = reply<SyncResult>();
    coordinator.syncGroup(
      {
        groupId: 'g',
        groupInstanceId: null,
        protocolType: null,
        protocolName: null,
        assignments: [],
        ...overrides,
      },
      respond,
    );
    return r;
  }

  /** Runs the v4+ two-step join for a new member and returns its (possibly held) second join. */
  function joinNew(overrides: Partial<JoinParams> = {}): Reply<JoinResult> & { memberId: string } {
    const first = join(overrides);
    if (first.value?.errorCode !== ErrorCode.MEMBER_ID_REQUIRED) {
      throw new Error(`expected MEMBER_ID_REQUIRED, got ${JSON.stringify(first.value)}`);
    }
    const memberId = first.value.memberId;
    return Object.assign(join({ ...overrides, memberId }), { memberId });
  }

  function heartbeat(memberId: string, generationId: number, groupId = 'g'): ErrorCode {
    return coordinator.heartbeat({ groupId, memberId, generationId, groupInstanceId: null });
  }

  function state(groupId = 'g'): string {
    return coordinator.describeGroups([groupId])[0]!.state;
  }

  return { clock, coordinator, join, joinNew, sync, heartbeat, state };
}
