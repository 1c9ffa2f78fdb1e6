import { ErrorCode } from './ErrorCode.js';
import type { GroupState } from './GroupState.js';
import type {
  CommitMember,
  HeartbeatParams,
  JoinParams,
  LeaveResult,
  LeavingMember,
  SyncParams,
} from './GroupRequests.js';
import { GroupMember, type JoinResponder, type SyncResponder } from './GroupMember.js';
import { GroupMembers } from './GroupMembers.js';
import { joinError, joinSuccess, syncError, syncSuccess } from './groupResults.js';
import { Rebalance } from './Rebalance.js';
import { supportsProtocols } from './selectProtocol.js';
import type { GroupSnapshot } from './GroupSnapshot.js';
import type { TimerSet } from './TimerSet.js';

/** What a group needs from its coordinator. */
export interface GroupContext {
  readonly timers: TimerSet;
  /** Makes a fresh member id; Kafka uses `clientId-UUID` (or `instanceId-UUID` for static members). */
  readonly newMemberId: (clientId: string, groupInstanceId: string | null) => string;
  /** Kafka's `group.initial.rebalance.delay.ms`: how long an empty group's first rebalance waits for more members. */
  readonly initialRebalanceDelayMs: number;
  /** Persists the group's metadata; called when a generation becomes Stable or the group Empty. */
  readonly storeGroup: (group: Group) => void;
}

/**
 * One classic group: generations and the rebalance protocol, after Kafka's `ClassicGroup` and
 * kfake's `groups.go`. It is synchronous. A JoinGroup or SyncGroup that must wait for the rest of
 * the group is parked as a responder callback and answered when the group settles, by a later
 * request or by a timer from the context's {@link TimerSet}.
 *
 * The coordinator has already checked the group id, the session timeout bounds and its own
 * liveness; the checks here are the ones that depend on the group's state.
 */
export class Group {
  state: GroupState = 'Empty';
  generationId = 0;
  /** Set by the first member to join an empty group, and kept when the group empties, as in Kafka. */
  protocolType: string | null = null;
  /** The protocol chosen for the current generation; null while Empty. */
  protocolName: string | null = null;
  leaderId: string | null = null;
  readonly members: GroupMembers;
  private readonly rebalance: Rebalance;

  constructor(
    readonly groupId: string,
    private readonly ctx: GroupContext,
  ) {
    this.members = new GroupMembers(ctx.timers, (member) => {
      this.removeMember(member, ErrorCode.UNKNOWN_MEMBER_ID);
      this.rebalanceAfterDeparture();
    });
    this.rebalance = new Rebalance(this, ctx);
  }

  /**
   * Loads what the journal kept of the group, as Kafka's coordinator loads group metadata when it
   * becomes coordinator: a group with members is Stable in its stored generation, each member's
   * session timer starting now, so members that keep heartbeating stay in without rejoining.
   */
  restore(snapshot: GroupSnapshot): void {
    this.generationId = snapshot.generationId;
    this.protocolType = snapshot.protocolType;
    if (snapshot.members.length === 0) return;
    this.protocolName = snapshot.protocolName;
    this.leaderId = snapshot.leaderId;
    for (const stored of snapshot.members) {
      const member = new GroupMember(stored.memberId, stored.groupInstanceId, {
        ...stored,
        groupId: this.groupId,
        requireKnownMemberId: false,
      });
      member.assignment = stored.assignment;
      this.members.add(member);
    }
    this.state = 'Stable';
  }

  /** Whether the group has neither members nor pending member ids. */
  get isEmpty(): boolean {
    return this.members.size === 0 && this.members.pendingCount === 0;
  }

  /** JoinGroup. `respond` runs now or once the rebalance completes. */
  join(params: JoinParams, respond: JoinResponder): void {
    const { memberId, protocolType, protocols } = params;
    const current = [...this.members.values()];
    if (!supportsProtocols(this.protocolType, current, protocolType, protocols)) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId));
    } else if (memberId === '') {
      this.joinNewMember(params, respond);
    } else if (this.members.removePending(memberId)) {
      this.addMemberAndRebalance(memberId, params, respond);
    } else {
      this.joinKnownMember(params, respond);
    }
  }

  private joinNewMember(params: JoinParams, respond: JoinResponder): void {
    const memberId = this.ctx.newMemberId(params.clientId, params.groupInstanceId);
    const instanceId = params.groupInstanceId;
    if (instanceId !== null) {
      // A static member that restarts takes over its instance id and the old incarnation is
      // fenced. Static members skip MEMBER_ID_REQUIRED, as in Kafka.
      const old = this.members.get(this.members.staticMemberId(instanceId) ?? '');
      if (old !== undefined) this.removeMember(old, ErrorCode.FENCED_INSTANCE_ID);
    } else if (params.requireKnownMemberId) {
      this.members.addPending(memberId, params.sessionTimeoutMs, () =>
        this.rebalance.maybeCompleteJoin(),
      );
      respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId));
      return;
    }
    this.addMemberAndRebalance(memberId, params, respond);
  }

  private joinKnownMember(params: JoinParams, respond: JoinResponder): void {
    const { memberId } = params;
    const member = this.members.get(memberId);
    const error = this.members.check(memberId, params.groupInstanceId);
    if (member === undefined || error !== ErrorCode.NONE) {
      respond(joinError(error === ErrorCode.NONE ? ErrorCode.UNKNOWN_MEMBER_ID : error, memberId));
      return;
    }
    switch (this.state) {
      case 'PreparingRebalance':
        this.holdJoin(member, params, respond);
        this.rebalance.maybeCompleteJoin();
        return;
      case 'CompletingRebalance':
      case 'Stable':
        // A follower rejoining with unchanged metadata just gets the current generation back;
        // the leader rejoining a Stable group is asking for a new assignment, so it rebalances.
        if (
          member.hasSameProtocols(params.protocols) &&
          (this.state === 'CompletingRebalance' || memberId !== this.leaderId)
        ) {
          this.members.touch(member);
          respond(joinSuccess(this, member));
          return;
        }
        this.holdJoin(member, params, respond);
        this.rebalance.start();
        return;
      case 'Empty':
      case 'Dead':
        respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
        return;
    }
  }

  private addMemberAndRebalance(
    memberId: string,
    params: JoinParams,
    respond: JoinResponder,
  ): void {
    if (this.members.size === 0) this.protocolType = params.protocolType;
    const member = new GroupMember(memberId, params.groupInstanceId, params);
    member.awaitingJoin = respond;
    this.members.add(member);
    if (this.state === 'PreparingRebalance') {
      this.rebalance.noteNewMember();
      this.rebalance.maybeCompleteJoin();
    } else {
      this.rebalance.start();
    }
  }

  private holdJoin(member: GroupMember, params: JoinParams, respond: JoinResponder): void {
    // A second join from the same member replaces the first, whose connection is most likely gone.
    member.awaitingJoin?.(joinError(ErrorCode.REBALANCE_IN_PROGRESS, member.memberId));
    member.update(params);
    member.awaitingJoin = respond;
    this.members.touch(member);
  }

  /** SyncGroup. `respond` runs now or once the leader's assignment arrives. */
  sync(params: SyncParams, respond: SyncResponder): void {
    const member = this.members.get(params.memberId);
    const error = this.members.check(params.memberId, params.groupInstanceId);
    if (member === undefined || error !== ErrorCode.NONE) {
      respond(syncError(error === ErrorCode.NONE ? ErrorCode.UNKNOWN_MEMBER_ID : error));
    } else if (params.generationId !== this.generationId) {
      respond(syncError(ErrorCode.ILLEGAL_GENERATION));
    } else if (
      (params.protocolType !== null && params.protocolType !== this.protocolType) ||
      (params.protocolName !== null && params.protocolName !== this.protocolName)
    ) {
      respond(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    } else if (this.state === 'PreparingRebalance') {
      respond(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    } else if (this.state === 'CompletingRebalance') {
      this.rebalance.markSynced(member.memberId);
      this.members.touch(member);
      answerSync(member, ErrorCode.REBALANCE_IN_PROGRESS);
      member.awaitingSync = respond;
      if (member.memberId === this.leaderId) this.rebalance.completeSync(params.assignments);
    } else {
      this.rebalance.markSynced(member.memberId);
      this.members.touch(member);
      respond(syncSuccess(this.protocolType, this.protocolName, member.assignment));
    }
  }

  /** Heartbeat: keeps a member alive and tells it when to rejoin. */
  heartbeat(params: HeartbeatParams): ErrorCode {
    const member = this.members.get(params.memberId);
    const error = this.members.check(params.memberId, params.groupInstanceId);
    if (member === undefined || error !== ErrorCode.NONE) return error;
    if (params.generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    this.members.touch(member);
    return this.state === 'PreparingRebalance' ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE;
  }

  /** LeaveGroup for each of `leaving`; the group rebalances once if any member left. */
  leave(leaving: readonly LeavingMember[]): LeaveResult {
    let hasMemberLeft = false;
    let hasPendingLeft = false;
    const members: LeaveResult['members'][number][] = [];
    for (const identity of leaving) {
      const memberId = this.resolveLeaving(identity);
      const member = typeof memberId === 'string' ? this.members.get(memberId) : undefined;
      let errorCode: ErrorCode = ErrorCode.NONE;
      if (typeof memberId !== 'string') {
        errorCode = memberId;
      } else if (this.members.removePending(memberId)) {
        hasPendingLeft = true;
      } else if (member !== undefined) {
        this.removeMember(member, ErrorCode.UNKNOWN_MEMBER_ID);
        hasMemberLeft = true;
      } else {
        errorCode = ErrorCode.UNKNOWN_MEMBER_ID;
      }
      members.push({ ...identity, errorCode });
    }
    // A pending member never took part in a generation, so its departure only matters to a
    // join phase that was waiting for it.
    if (hasMemberLeft) this.rebalanceAfterDeparture();
    else if (hasPendingLeft) this.rebalance.maybeCompleteJoin();
    return { errorCode: ErrorCode.NONE, members };
  }

  /** The member id a LeaveGroup entry means (static members may leave by instance id alone), or why none. */
  private resolveLeaving({ memberId, groupInstanceId }: LeavingMember): string | ErrorCode {
    if (groupInstanceId === null) return memberId;
    const known = this.members.staticMemberId(groupInstanceId);
    if (known === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    return memberId !== '' && memberId !== known ? ErrorCode.FENCED_INSTANCE_ID : known;
  }

  /**
   * Checks the member fields of an OffsetCommit (or, with `isTransactional`, a TxnOffsetCommit)
   * and restarts the member's session timer. Generation -1 with no member id is a commit from
   * outside group management (the admin client, `assign()` consumers): accepted only while the
   * group is Empty, except for TxnOffsetCommit, whose v0-2 carry no member fields at all.
   */
  validateCommit(commit: CommitMember, isTransactional: boolean): ErrorCode {
    const { generationId, memberId, groupInstanceId } = commit;
    if (this.state === 'Dead') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (generationId < 0 && this.state === 'Empty') return ErrorCode.NONE;
    const member = this.members.get(memberId);
    if (generationId >= 0 || memberId !== '' || groupInstanceId !== null) {
      const error = this.members.check(memberId, groupInstanceId);
      if (error !== ErrorCode.NONE) return error;
      if (generationId !== this.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!isTransactional) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    // The member has this generation's JoinGroup answer but not its assignment yet.
    if (!isTransactional && this.state === 'CompletingRebalance') {
      return ErrorCode.REBALANCE_IN_PROGRESS;
    }
    if (member !== undefined) this.members.touch(member);
    return ErrorCode.NONE;
  }

  /** Marks the group deleted, answering anything still held with `errorCode` and stopping its timers. */
  shutDown(errorCode: ErrorCode): void {
    this.members.clear(errorCode);
    this.rebalance.stop();
    this.leaderId = null;
    this.state = 'Dead';
  }

  private rebalanceAfterDeparture(): void {
    if (this.state === 'Stable' || this.state === 'CompletingRebalance') this.rebalance.start();
    else this.rebalance.maybeCompleteJoin();
  }

  /** Removes a member without rebalancing; anything it has held is answered with `errorCode`. */
  removeMember(member: GroupMember, errorCode: ErrorCode): void {
    this.members.remove(member, errorCode);
    this.rebalance.markSynced(member.memberId);
    if (this.leaderId === member.memberId) this.leaderId = this.members.firstId();
  }
}

function answerSync(member: GroupMember, errorCode: ErrorCode): void {
  const respond = member.awaitingSync;
  member.awaitingSync = null;
  respond?.(syncError(errorCode));
}
