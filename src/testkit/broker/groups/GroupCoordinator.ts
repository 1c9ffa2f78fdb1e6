import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from './Clock.js';
import { ErrorCode } from './ErrorCode.js';
import { Group } from './Group.js';
import type { JoinResponder, SyncResponder } from './GroupMember.js';
import type {
  CommitMember,
  FetchedOffset,
  GroupDeletion,
  GroupDescription,
  GroupListing,
  HeartbeatParams,
  JoinParams,
  LeaveResult,
  LeavingMember,
  OffsetFetchResult,
  OffsetToCommit,
  SyncParams,
  TopicPartition,
} from './GroupRequests.js';
import { joinError, syncError } from './groupResults.js';
import { describeGroup } from './describeGroup.js';
import type { OffsetJournal } from './OffsetJournal.js';
import { OffsetStore, type StoredOffset } from './OffsetStore.js';
import { snapshotOf, type GroupSnapshot } from './GroupSnapshot.js';
import { TimerSet } from './TimerSet.js';

/** Settings of a {@link GroupCoordinator}; every field has Kafka's default unless noted. */
export interface GroupCoordinatorOptions {
  /** Where timers come from; tests inject a manual clock. Default: the wall clock. */
  readonly clock?: Clock;
  /** `group.min.session.timeout.ms`. Default 6000. */
  readonly minSessionTimeoutMs?: number;
  /** `group.max.session.timeout.ms`. Default 1800000. */
  readonly maxSessionTimeoutMs?: number;
  /**
   * `group.initial.rebalance.delay.ms`. Default 0, not Kafka's 3000: tests start consumers
   * together on purpose and should not pay three seconds for every new group.
   */
  readonly initialRebalanceDelayMs?: number;
  /** `offset.metadata.max.bytes`. Default 4096. */
  readonly offsetMetadataMaxBytes?: number;
  /** Member id factory. Default `clientId-UUID` (`instanceId-UUID` for static members), as Kafka. */
  readonly newMemberId?: (clientId: string, groupInstanceId: string | null) => string;
}

/**
 * The consumer-group coordinator of the embedded broker: classic groups (JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup), committed offsets (OffsetCommit, OffsetFetch), DescribeGroups,
 * ListGroups and DeleteGroups, plus the hooks through which transactions publish their offsets.
 *
 * It is a synchronous state machine with no I/O: the API handlers translate wire requests into
 * calls here. JoinGroup and SyncGroup take a responder callback because a real coordinator holds
 * them until the group settles; everything else answers at once. Timers come from the injected
 * {@link Clock} and are all cancelled by {@link GroupCoordinator.close}.
 */
export class GroupCoordinator {
  private readonly groups = new Map<string, Group>();
  private readonly offsets: OffsetStore;
  private readonly timers: TimerSet;
  private readonly minSessionTimeoutMs: number;
  private readonly maxSessionTimeoutMs: number;
  private readonly offsetMetadataMaxBytes: number;
  private readonly context: ConstructorParameters<typeof Group>[1];
  private isClosed = false;

  /**
   * With `journal`, committed offsets and group metadata are appended to it and restored from it,
   * as Kafka loads groups from `__consumer_offsets`: a group stored with members comes back Stable
   * in its generation, with its leader and assignments, so its members keep heartbeating through a
   * restart; a group with only offsets comes back Empty, so it can be described, listed and
   * deleted before any member rejoins.
   */
  constructor(options: GroupCoordinatorOptions = {}, journal?: OffsetJournal) {
    this.timers = new TimerSet(options.clock ?? systemClock);
    this.minSessionTimeoutMs = options.minSessionTimeoutMs ?? 6000;
    this.maxSessionTimeoutMs = options.maxSessionTimeoutMs ?? 1_800_000;
    this.offsetMetadataMaxBytes = options.offsetMetadataMaxBytes ?? 4096;
    this.context = {
      timers: this.timers,
      newMemberId: options.newMemberId ?? defaultMemberId,
      initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? 0,
      storeGroup: (group) => {
        journal?.storeGroup(snapshotOf(group));
      },
    };
    const history = journal?.read() ?? [];
    this.offsets = new OffsetStore(journal, history);
    const snapshots = new Map<string, GroupSnapshot>();
    for (const change of history) {
      if (change.kind === 'group') snapshots.set(change.groupId, change.snapshot);
      else if (change.kind === 'delete') snapshots.delete(change.groupId);
    }
    for (const snapshot of snapshots.values()) this.createGroup(snapshot.groupId).restore(snapshot);
    for (const groupId of this.offsets.groupIds()) {
      if (!this.groups.has(groupId)) this.createGroup(groupId);
    }
  }

  /** JoinGroup. `respond` is called exactly once: now, or when the rebalance completes. */
  joinGroup(params: JoinParams, respond: JoinResponder): void {
    const error = this.checkGroupId(params.groupId);
    const { sessionTimeoutMs } = params;
    const isTimeoutValid =
      sessionTimeoutMs >= this.minSessionTimeoutMs && sessionTimeoutMs <= this.maxSessionTimeoutMs;
    let group = this.groups.get(params.groupId);
    if (error !== ErrorCode.NONE) {
      respond(joinError(error, params.memberId));
    } else if (!isTimeoutValid) {
      respond(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, params.memberId));
    } else if (group === undefined && params.memberId !== '') {
      // Only a first join may create a group; a member id for a missing group is stale.
      respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, params.memberId));
    } else {
      group ??= this.createGroup(params.groupId);
      group.join(params, respond);
      this.dropIfUnused(group);
    }
  }

  /** SyncGroup. `respond` is called exactly once: now, or when the leader's assignment arrives. */
  syncGroup(params: SyncParams, respond: SyncResponder): void {
    const error = this.checkGroupId(params.groupId);
    const group = this.groups.get(params.groupId);
    if (error !== ErrorCode.NONE) respond(syncError(error));
    else if (group === undefined) respond(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    else group.sync(params, respond);
  }

  /** Heartbeat. */
  heartbeat(params: HeartbeatParams): ErrorCode {
    const error = this.checkGroupId(params.groupId);
    if (error !== ErrorCode.NONE) return error;
    return this.groups.get(params.groupId)?.heartbeat(params) ?? ErrorCode.UNKNOWN_MEMBER_ID;
  }

  /** LeaveGroup. */
  leaveGroup(groupId: string, members: readonly LeavingMember[]): LeaveResult {
    const error = this.checkGroupId(groupId);
    if (error !== ErrorCode.NONE) return { errorCode: error, members: [] };
    const group = this.groups.get(groupId);
    if (group !== undefined) return group.leave(members);
    const unknown = members.map((m) => ({ ...m, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }));
    return { errorCode: ErrorCode.NONE, members: unknown };
  }

  /**
   * OffsetCommit. Returns one error code per entry of `offsets`, in order. A commit to a group that
   * does not exist creates it only if it comes from outside group management (generation < 0).
   */
  commitOffsets(
    groupId: string,
    member: CommitMember,
    offsets: readonly OffsetToCommit[],
  ): ErrorCode[] {
    let error = this.checkGroupId(groupId);
    let group = this.groups.get(groupId);
    if (error === ErrorCode.NONE && group === undefined) {
      if (member.generationId >= 0) error = ErrorCode.ILLEGAL_GENERATION;
      else group = this.createGroup(groupId);
    }
    if (error === ErrorCode.NONE && group !== undefined)
      error = group.validateCommit(member, false);
    if (error !== ErrorCode.NONE) return offsets.map(() => error);
    const codes = offsets.map((o) => this.checkMetadata(o));
    this.offsets.commit(
      groupId,
      offsets.filter((_, i) => codes[i] === ErrorCode.NONE),
    );
    return codes;
  }

  /**
   * OffsetFetch for one group: `partitions` null means every committed partition. With
   * `requireStable`, partitions with offsets pending in an open transaction answer
   * UNSTABLE_OFFSET_COMMIT (a retriable error) instead of the last stable value.
   */
  fetchOffsets(
    groupId: string,
    partitions: readonly TopicPartition[] | null,
    requireStable: boolean,
  ): OffsetFetchResult {
    if (this.isClosed) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, partitions: [] };
    const wanted = partitions ?? this.offsets.list(groupId);
    return {
      errorCode: ErrorCode.NONE,
      partitions: wanted.map(({ topic, partition }) => {
        if (requireStable && this.offsets.hasPendingTxn(groupId, topic, partition)) {
          return noOffset(topic, partition, ErrorCode.UNSTABLE_OFFSET_COMMIT);
        }
        const stored = this.offsets.get(groupId, topic, partition);
        return stored === undefined
          ? noOffset(topic, partition, ErrorCode.NONE)
          : { ...stored, errorCode: ErrorCode.NONE };
      }),
    };
  }

  /** DescribeGroups; a group that does not exist is reported Dead with no error, as Kafka does before v6. */
  describeGroups(groupIds: readonly string[]): GroupDescription[] {
    return groupIds.map((groupId) => {
      if (this.isClosed)
        return describeGroup(groupId, undefined, ErrorCode.COORDINATOR_NOT_AVAILABLE);
      return describeGroup(groupId, this.groups.get(groupId), ErrorCode.NONE);
    });
  }

  /** ListGroups, optionally only groups in `statesFilter` (ListGroups v4+, matched case-insensitively). */
  listGroups(statesFilter: readonly string[] = []): GroupListing[] {
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    return [...this.groups.values()]
      .filter((g) => states.size === 0 || states.has(g.state.toLowerCase()))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  /** DeleteGroups: only Empty groups can go, and their offsets go with them. */
  deleteGroups(groupIds: readonly string[]): GroupDeletion[] {
    return groupIds.map((groupId) => {
      let errorCode = this.checkGroupId(groupId);
      const group = this.groups.get(groupId);
      if (errorCode !== ErrorCode.NONE) return { groupId, errorCode };
      if (group === undefined) errorCode = ErrorCode.GROUP_ID_NOT_FOUND;
      else if (group.state !== 'Empty') errorCode = ErrorCode.NON_EMPTY_GROUP;
      else {
        group.shutDown(ErrorCode.COORDINATOR_NOT_AVAILABLE);
        this.groups.delete(groupId);
        this.offsets.deleteGroup(groupId);
      }
      return { groupId, errorCode };
    });
  }

  /**
   * TxnOffsetCommit: holds `offsets` for `groupId` until {@link commitTxnOffsets} or
   * {@link abortTxnOffsets} for `producerId`. Returns one error code per offset, in order.
   * `member` carries TxnOffsetCommit v3+'s member fields; older versions pass generation -1 and
   * an empty member id, which skips the member checks.
   */
  stageTxnOffsets(
    groupId: string,
    producerId: bigint,
    offsets: readonly OffsetToCommit[],
    member: CommitMember = { generationId: -1, memberId: '', groupInstanceId: null },
  ): ErrorCode[] {
    let error = this.checkGroupId(groupId);
    if (error === ErrorCode.NONE) {
      const group = this.groups.get(groupId) ?? this.createGroup(groupId);
      error = group.validateCommit(member, true);
    }
    if (error !== ErrorCode.NONE) return offsets.map(() => error);
    const codes = offsets.map((o) => this.checkMetadata(o));
    this.offsets.stageTxn(
      groupId,
      producerId,
      offsets.filter((_, i) => codes[i] === ErrorCode.NONE),
    );
    return codes;
  }

  /**
   * Publishes `producerId`'s staged offsets: call when its transaction's COMMIT markers are
   * written. A plain commit made after the offsets were staged still wins, as in Kafka.
   */
  commitTxnOffsets(producerId: bigint): void {
    for (const groupId of this.offsets.commitTxn(producerId)) {
      if (!this.groups.has(groupId)) this.createGroup(groupId);
    }
  }

  /** Drops `producerId`'s staged offsets: call when its transaction aborts. */
  abortTxnOffsets(producerId: bigint): void {
    this.offsets.abortTxn(producerId);
  }

  /** Test hook: every committed offset of `groupId`, sorted by topic and partition. */
  committedOffsets(groupId: string): StoredOffset[] {
    return this.offsets.list(groupId);
  }

  /** How many timers are pending; zero after {@link close}. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Stops the coordinator: every held JoinGroup and SyncGroup is answered
   * COORDINATOR_NOT_AVAILABLE, every timer is cancelled, and later calls get the same error.
   * Committed offsets stay readable through {@link committedOffsets}.
   */
  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    for (const group of this.groups.values()) group.shutDown(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    this.timers.close();
  }

  private checkGroupId(groupId: string): ErrorCode {
    if (this.isClosed) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return groupId === '' ? ErrorCode.INVALID_GROUP_ID : ErrorCode.NONE;
  }

  private checkMetadata(offset: OffsetToCommit): ErrorCode {
    const size = offset.metadata === null ? 0 : Buffer.byteLength(offset.metadata, 'utf8');
    return size > this.offsetMetadataMaxBytes
      ? ErrorCode.OFFSET_METADATA_TOO_LARGE
      : ErrorCode.NONE;
  }

  private createGroup(groupId: string): Group {
    const group = new Group(groupId, this.context);
    this.groups.set(groupId, group);
    return group;
  }

  /** Forgets a group that a rejected first join created, so it never shows up in ListGroups. */
  private dropIfUnused(group: Group): void {
    if (group.state === 'Empty' && group.generationId === 0 && group.isEmpty) {
      if (!this.offsets.hasOffsets(group.groupId)) this.groups.delete(group.groupId);
    }
  }
}

function defaultMemberId(clientId: string, groupInstanceId: string | null): string {
  return `${groupInstanceId ?? clientId}-${randomUUID()}`;
}

function noOffset(topic: string, partition: number, errorCode: ErrorCode): FetchedOffset {
  return { topic, partition, offset: -1n, leaderEpoch: -1, metadata: '', errorCode };
}
