import type { ErrorCode } from './ErrorCode.js';
import type { Group } from './Group.js';
import type { GroupDescription } from './GroupRequests.js';

const noBytes = new Uint8Array(0);

/**
 * One group as DescribeGroups reports it. As in Kafka, a member's metadata and assignment and the
 * group's protocol are shown only while the group is Stable; a missing group is `Dead`.
 */
export function describeGroup(
  groupId: string,
  group: Group | undefined,
  errorCode: ErrorCode,
): GroupDescription {
  if (group === undefined) {
    return { errorCode, groupId, state: 'Dead', protocolType: '', protocolData: '', members: [] };
  }
  const isStable = group.state === 'Stable';
  const protocolName = isStable ? (group.protocolName ?? '') : '';
  return {
    errorCode,
    groupId,
    state: group.state,
    protocolType: group.protocolType ?? '',
    protocolData: protocolName,
    members: [...group.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      metadata: isStable ? m.metadataFor(protocolName) : noBytes,
      assignment: isStable ? m.assignment : noBytes,
    })),
  };
}
