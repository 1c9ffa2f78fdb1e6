import type { Timer } from './Clock.js';
import { ErrorCode } from './ErrorCode.js';
import type { GroupMember } from './GroupMember.js';
import { joinError, syncError } from './groupResults.js';
import type { TimerSet } from './TimerSet.js';

/**
 * Who belongs to a group and whether they are still alive: the members in join order, the member
 * ids handed out with MEMBER_ID_REQUIRED that have not come back yet, the static-membership
 * mapping, and every member's session timer. It knows nothing of generations; {@link Group} does.
 */
export class GroupMembers {
  /** Members in join order, which is also the order a new leader is picked in. */
  private readonly byId = new Map<string, GroupMember>();
  /** Member ids answered MEMBER_ID_REQUIRED, each with a session timer. */
  private readonly pending = new Map<string, Timer>();
  /** group.instance.id → member id, for static members. */
  private readonly staticIds = new Map<string, string>();

  /**
   * @param onExpired runs when a member's session runs out while it has no request held.
   */
  constructor(
    private readonly timers: TimerSet,
    private readonly onExpired: (member: GroupMember) => void,
  ) {}

  get size(): number {
    return this.byId.size;
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  get(memberId: string): GroupMember | undefined {
    return this.byId.get(memberId);
  }

  has(memberId: string): boolean {
    return this.byId.has(memberId);
  }

  values(): IterableIterator<GroupMember> {
    return this.byId.values();
  }

  /** The longest-standing member's id: Kafka's pick when the group needs a new leader. */
  firstId(): string | null {
    return this.byId.keys().next().value ?? null;
  }

  /** The member id currently registered for a static instance id. */
  staticMemberId(groupInstanceId: string): string | undefined {
    return this.staticIds.get(groupInstanceId);
  }

  /** Adds `member` (and its static instance id) and starts its session timer. */
  add(member: GroupMember): void {
    this.byId.set(member.memberId, member);
    if (member.groupInstanceId !== null)
      this.staticIds.set(member.groupInstanceId, member.memberId);
    this.touch(member);
  }

  /** Removes `member`, stopping its timer and answering whatever it has held with `errorCode`. */
  remove(member: GroupMember, errorCode: ErrorCode): void {
    member.stopSessionTimer();
    this.byId.delete(member.memberId);
    const instanceId = member.groupInstanceId;
    if (instanceId !== null && this.staticIds.get(instanceId) === member.memberId) {
      this.staticIds.delete(instanceId);
    }
    const join = member.awaitingJoin;
    const sync = member.awaitingSync;
    member.awaitingJoin = null;
    member.awaitingSync = null;
    join?.(joinError(errorCode, member.memberId));
    sync?.(syncError(errorCode));
  }

  /** Registers a member id answered MEMBER_ID_REQUIRED; it is forgotten after `sessionTimeoutMs`. */
  addPending(memberId: string, sessionTimeoutMs: number, onExpired: () => void): void {
    const timer = this.timers.schedule(sessionTimeoutMs, () => {
      this.pending.delete(memberId);
      onExpired();
    });
    this.pending.set(memberId, timer);
  }

  /** Forgets a pending member id; returns whether it was pending. */
  removePending(memberId: string): boolean {
    const timer = this.pending.get(memberId);
    if (timer === undefined) return false;
    timer.cancel();
    this.pending.delete(memberId);
    return true;
  }

  /**
   * UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID if `memberId` (with its static instance id, if any)
   * is not a current member, else NONE.
   */
  check(memberId: string, groupInstanceId: string | null): ErrorCode {
    if (groupInstanceId !== null) {
      const known = this.staticIds.get(groupInstanceId);
      if (known === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (known !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    return this.byId.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** Restarts `member`'s session timer. A member with a held request is alive by definition. */
  touch(member: GroupMember): void {
    member.stopSessionTimer();
    member.sessionTimer = this.timers.schedule(member.sessionTimeoutMs, () => {
      member.sessionTimer = null;
      if (member.awaitingJoin !== null || member.awaitingSync !== null) this.touch(member);
      else if (this.byId.get(member.memberId) === member) this.onExpired(member);
    });
  }

  /** Whether every member has a JoinGroup held and no MEMBER_ID_REQUIRED id is outstanding. */
  get haveAllJoined(): boolean {
    if (this.pending.size > 0) return false;
    for (const member of this.byId.values()) if (member.awaitingJoin === null) return false;
    return true;
  }

  /** The largest rebalance timeout among the members: how long a rebalance phase may last. */
  maxRebalanceTimeoutMs(): number {
    let max = 0;
    for (const member of this.byId.values()) max = Math.max(max, member.rebalanceTimeoutMs);
    return max;
  }

  /** Removes everyone, answering held requests with `errorCode`. */
  clear(errorCode: ErrorCode): void {
    for (const member of [...this.byId.values()]) this.remove(member, errorCode);
    for (const timer of this.pending.values()) timer.cancel();
    this.pending.clear();
  }
}
