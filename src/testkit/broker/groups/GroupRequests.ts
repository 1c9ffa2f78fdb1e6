import type { ErrorCode } from './ErrorCode.js';

// The coordinator's inputs and outputs. They mirror the wire requests field for field but are
// version-free: the API handlers in `../api/` fill in each version's defaults, so the state machine
// never branches on a protocol version except through the flags named here.

/** One protocol a joining member supports, in the member's order of preference. */
export interface GroupProtocol {
  readonly name: string;
  /** Opaque to the broker (for consumers, a ConsumerProtocolSubscription). */
  readonly metadata: Uint8Array;
}

/** A JoinGroup request. */
export interface JoinParams {
  readonly groupId: string;
  /** Empty on a member's first join. */
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly sessionTimeoutMs: number;
  /** JoinGroup v0 has none; its handler passes the session timeout, as Kafka does. */
  readonly rebalanceTimeoutMs: number;
  readonly protocolType: string;
  readonly protocols: readonly GroupProtocol[];
  readonly clientId: string;
  /** Reported by DescribeGroups; Kafka writes `/ip`. */
  readonly clientHost: string;
  /** JoinGroup v4+: a first join with an empty member id is answered MEMBER_ID_REQUIRED. */
  readonly requireKnownMemberId: boolean;
}

/** A member as the leader sees it in its JoinGroup response. */
export interface JoinMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** The member's metadata for the chosen protocol, passed through untouched. */
  readonly metadata: Uint8Array;
}

/** A JoinGroup response. */
export interface JoinResult {
  readonly errorCode: ErrorCode;
  readonly generationId: number;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly leader: string;
  readonly memberId: string;
  /** Filled for the leader only; followers get an empty list. */
  readonly members: readonly JoinMember[];
}

/** One member's assignment as the leader sends it in SyncGroup. */
export interface MemberAssignment {
  readonly memberId: string;
  readonly assignment: Uint8Array;
}

/** A SyncGroup request. */
export interface SyncParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  /** SyncGroup v5+; null when the version does not carry it. */
  readonly protocolType: string | null;
  /** SyncGroup v5+; null when the version does not carry it. */
  readonly protocolName: string | null;
  /** Non-empty only from the leader. */
  readonly assignments: readonly MemberAssignment[];
}

/** A SyncGroup response. */
export interface SyncResult {
  readonly errorCode: ErrorCode;
  readonly protocolType: string | null;
  readonly protocolName: string | null;
  readonly assignment: Uint8Array;
}

/** A Heartbeat request. */
export interface HeartbeatParams {
  readonly groupId: string;
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** A member named in a LeaveGroup request (v0-2 carry exactly one, with no instance id). */
export interface LeavingMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** A LeaveGroup response: a group-level error, then one result per leaving member. */
export interface LeaveResult {
  readonly errorCode: ErrorCode;
  readonly members: readonly (LeavingMember & { readonly errorCode: ErrorCode })[];
}

/** A partition offset to commit, from OffsetCommit or TxnOffsetCommit. */
export interface OffsetToCommit {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  /** -1 when the version does not carry it. */
  readonly leaderEpoch: number;
  readonly metadata: string | null;
}

/** The member fields of an OffsetCommit; generation -1 and an empty member id mean a simple commit. */
export interface CommitMember {
  readonly generationId: number;
  readonly memberId: string;
  readonly groupInstanceId: string | null;
}

/** A topic-partition. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** One partition of an OffsetFetch response. */
export interface FetchedOffset extends TopicPartition {
  /** -1 when nothing is committed. */
  readonly offset: bigint;
  readonly leaderEpoch: number;
  readonly metadata: string | null;
  readonly errorCode: ErrorCode;
}

/** An OffsetFetch response for one group. */
export interface OffsetFetchResult {
  readonly errorCode: ErrorCode;
  readonly partitions: readonly FetchedOffset[];
}

/** A member as DescribeGroups reports it. */
export interface DescribedMember {
  readonly memberId: string;
  readonly groupInstanceId: string | null;
  readonly clientId: string;
  readonly clientHost: string;
  /** Empty unless the group is Stable. */
  readonly metadata: Uint8Array;
  /** Empty unless the group is Stable. */
  readonly assignment: Uint8Array;
}

/** One group of a DescribeGroups response. */
export interface GroupDescription {
  readonly errorCode: ErrorCode;
  readonly groupId: string;
  readonly state: string;
  readonly protocolType: string;
  /** The chosen protocol's name while Stable, else empty. */
  readonly protocolData: string;
  readonly members: readonly DescribedMember[];
}

/** One group of a ListGroups response. */
export interface GroupListing {
  readonly groupId: string;
  readonly protocolType: string;
  readonly state: string;
}

/** One group of a DeleteGroups response. */
export interface GroupDeletion {
  readonly groupId: string;
  readonly errorCode: ErrorCode;
}
