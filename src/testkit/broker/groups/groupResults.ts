import { ErrorCode } from './ErrorCode.js';
import type { Group } from './Group.js';
import type { GroupMember } from './GroupMember.js';
import type { JoinResult, SyncResult } from './GroupRequests.js';

const noBytes = new Uint8Array(0);

/** A JoinGroup answer carrying only an error (and, for MEMBER_ID_REQUIRED, the new member id). */
export function joinError(errorCode: ErrorCode, memberId: string): JoinResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    memberId,
    members: [],
  };
}

/** A SyncGroup answer carrying only an error. */
export function syncError(errorCode: ErrorCode): SyncResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: noBytes };
}

/** A successful SyncGroup answer. */
export function syncSuccess(
  protocolType: string | null,
  protocolName: string | null,
  assignment: Uint8Array,
): SyncResult {
  return { errorCode: ErrorCode.NONE, protocolType, protocolName, assignment };
}

/**
 * The JoinGroup answer of `member` for the group's current generation. Only the leader gets the
 * member list, each with its metadata for the chosen protocol, since only it runs the assignor.
 */
export function joinSuccess(group: Group, member: GroupMember): JoinResult {
  const protocolName = group.protocolName ?? '';
  const isLeader = member.memberId === group.leaderId;
  return {
    errorCode: ErrorCode.NONE,
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocolName: group.protocolName,
    leader: group.leaderId ?? '',
    memberId: member.memberId,
    members: isLeader
      ? [...group.members.values()].map((m) => ({
          memberId: m.memberId,
          groupInstanceId: m.groupInstanceId,
          metadata: m.metadataFor(protocolName),
        }))
      : [],
  };
}
