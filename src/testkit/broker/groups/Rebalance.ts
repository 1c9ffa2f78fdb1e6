import type { Timer } from './Clock.js';
import { ErrorCode } from './ErrorCode.js';
import type { Group, GroupContext } from './Group.js';
import type { MemberAssignment } from './GroupRequests.js';
import { emptyConsumerAssignment } from './emptyConsumerAssignment.js';
import { joinSuccess, syncError, syncSuccess } from './groupResults.js';
import { selectProtocol } from './selectProtocol.js';

const noBytes = new Uint8Array(0);

/**
 * The rebalance protocol of one {@link Group}: PreparingRebalance → CompletingRebalance →
 * Stable, the held JoinGroup and SyncGroup answers, and the three timers that bound it (the
 * join phase, an empty group's initial delay, and members that never sync). The group's request
 * handlers decide *when* to rebalance; this class carries it out.
 */
export class Rebalance {
  /** Ends PreparingRebalance when members fail to rejoin in time. */
  private joinTimer: Timer | null = null;
  /** Set while an empty group's first rebalance waits out the initial delay. */
  private initialDelayTimer: Timer | null = null;
  /** Whether a member joined during the current initial delay, which extends it. */
  private hasNewMemberDuringDelay = false;
  /** Removes members that were answered JoinGroup but never sent SyncGroup. */
  private syncTimer: Timer | null = null;
  /** Members that got this generation's JoinGroup answer but have not sent SyncGroup yet. */
  private readonly unsynced = new Set<string>();

  constructor(
    private readonly group: Group,
    private readonly ctx: GroupContext,
  ) {}

  /** Moves the group to PreparingRebalance (from Empty, CompletingRebalance or Stable). */
  start(): void {
    const group = this.group;
    if (group.state === 'CompletingRebalance') {
      for (const member of group.members.values()) {
        member.assignment = noBytes;
        const respond = member.awaitingSync;
        member.awaitingSync = null;
        respond?.(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      }
    }
    this.syncTimer?.cancel();
    this.syncTimer = null;
    this.unsynced.clear();
    const wasEmpty = group.state === 'Empty';
    group.state = 'PreparingRebalance';
    const timeoutMs = group.members.maxRebalanceTimeoutMs();
    if (wasEmpty && this.ctx.initialRebalanceDelayMs > 0) {
      this.startInitialDelay(this.ctx.initialRebalanceDelayMs, timeoutMs);
    } else if (!this.maybeCompleteJoin()) {
      this.joinTimer?.cancel();
      this.joinTimer = this.ctx.timers.schedule(timeoutMs, () => {
        this.joinTimer = null;
        this.completeJoin();
      });
    }
  }

  /** Records that a new member joined while preparing, which extends an initial delay. */
  noteNewMember(): void {
    this.hasNewMemberDuringDelay = true;
  }

  /** Kafka's InitialDelayedJoin: wait, and wait again while new members keep arriving, within the rebalance timeout. */
  private startInitialDelay(delayMs: number, remainingMs: number): void {
    const delay = Math.min(delayMs, remainingMs);
    this.hasNewMemberDuringDelay = false;
    this.initialDelayTimer = this.ctx.timers.schedule(delay, () => {
      this.initialDelayTimer = null;
      const remaining = remainingMs - delay;
      if (this.hasNewMemberDuringDelay && remaining > 0) this.startInitialDelay(delayMs, remaining);
      else this.completeJoin();
    });
  }

  /** Completes the join phase if everyone, pending member ids included, has (re)joined. */
  maybeCompleteJoin(): boolean {
    if (this.group.state !== 'PreparingRebalance' || this.initialDelayTimer !== null) return false;
    if (!this.group.members.haveAllJoined) return false;
    this.completeJoin();
    return true;
  }

  /** Drops members that did not rejoin, starts the next generation, and answers every held join. */
  private completeJoin(): void {
    const group = this.group;
    this.joinTimer?.cancel();
    this.joinTimer = null;
    this.initialDelayTimer?.cancel();
    this.initialDelayTimer = null;
    for (const member of [...group.members.values()]) {
      if (member.awaitingJoin === null) group.removeMember(member, ErrorCode.UNKNOWN_MEMBER_ID);
    }
    group.generationId++;
    if (group.members.size === 0) {
      group.state = 'Empty';
      group.protocolName = null;
      group.leaderId = null;
      this.ctx.storeGroup(group);
      return;
    }
    group.state = 'CompletingRebalance';
    group.protocolName = selectProtocol([...group.members.values()]);
    if (group.leaderId === null || !group.members.has(group.leaderId)) {
      group.leaderId = group.members.firstId();
    }
    const answers: (() => void)[] = [];
    for (const member of group.members.values()) {
      const respond = member.awaitingJoin;
      member.awaitingJoin = null;
      this.unsynced.add(member.memberId);
      group.members.touch(member);
      const result = joinSuccess(group, member);
      if (respond !== null) {
        answers.push(() => {
          respond(result);
        });
      }
    }
    const generation = group.generationId;
    this.syncTimer = this.ctx.timers.schedule(group.members.maxRebalanceTimeoutMs(), () => {
      this.syncTimer = null;
      this.expireUnsynced(generation);
    });
    // Answer only once the group is consistent, in case a responder calls straight back in.
    for (const answer of answers) answer();
  }

  /** Kafka removes members that do not sync within the rebalance timeout, then rebalances. */
  private expireUnsynced(generation: number): void {
    if (generation !== this.group.generationId || this.unsynced.size === 0) return;
    for (const memberId of [...this.unsynced]) {
      const member = this.group.members.get(memberId);
      if (member !== undefined) this.group.removeMember(member, ErrorCode.UNKNOWN_MEMBER_ID);
    }
    this.start();
  }

  /** Records a member's SyncGroup for this generation (or that it is gone). */
  markSynced(memberId: string): void {
    this.unsynced.delete(memberId);
  }

  /** Stores the leader's assignments, answers every held SyncGroup, and makes the group Stable. */
  completeSync(assignments: readonly MemberAssignment[]): void {
    const group = this.group;
    for (const member of group.members.values()) member.assignment = noBytes;
    for (const { memberId, assignment } of assignments) {
      const member = group.members.get(memberId);
      if (member !== undefined) member.assignment = assignment;
    }
    group.state = 'Stable';
    for (const member of group.members.values()) {
      if (member.assignment.length === 0 && group.protocolType === 'consumer') {
        member.assignment = emptyConsumerAssignment;
      }
      const respond = member.awaitingSync;
      member.awaitingSync = null;
      respond?.(syncSuccess(group.protocolType, group.protocolName, member.assignment));
    }
    this.ctx.storeGroup(group);
  }

  /** Cancels every timer (the group is being deleted or the broker is closing). */
  stop(): void {
    for (const timer of [this.joinTimer, this.initialDelayTimer, this.syncTimer]) timer?.cancel();
    this.joinTimer = this.initialDelayTimer = this.syncTimer = null;
    this.unsynced.clear();
  }
}
