/**
 * DescribeGroups: v0-4
 *
 * Behavior:
 * - Per group: state (Empty, PreparingRebalance, CompletingRebalance, Stable; Dead for a
 *   group that does not exist, with no error), protocol type, and each member's id, client
 *   id and client host (`/ip`, as Kafka writes it).
 * - Only while Stable: the chosen protocol name, each member's subscription metadata for it
 *   and its assignment bytes; otherwise these are empty, as in Kafka.
 * - NOT_COORDINATOR for a group another broker coordinates.
 * - Authorized operations are not computed: the field keeps its "not requested" value.
 *
 * Version notes:
 * - v1 adds throttle_time_ms (always 0); v2 is v1; v3 adds include_authorized_operations
 *   and authorized_operations; v4 adds group_instance_id per member.
 * - v5 (flexible) is not advertised: kafkajs 2.2.4 stops at v2, librdkafka 2.0.2 at v4.
 *   v6 would report a missing group as GROUP_ID_NOT_FOUND instead of Dead.
 */
import { ErrorCode } from '../errors.js';
import {
  DescribeGroupsRequest,
  DescribeGroupsResponse,
  type DescribeGroupsResponseDescribedGroup,
} from '../protocol/messages.generated.js';
import type { GroupDescription } from '../groups/GroupRequests.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

/** Kafka's "authorized operations not requested" value (INT32_MIN). */
const NOT_REQUESTED = -2147483648;

function toWire(d: GroupDescription): DescribeGroupsResponseDescribedGroup {
  return {
    errorCode: d.errorCode,
    groupId: d.groupId,
    groupState: d.state,
    protocolType: d.protocolType,
    protocolData: d.protocolData,
    members: d.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: Buffer.from(m.metadata),
      memberAssignment: Buffer.from(m.assignment),
    })),
    authorizedOperations: NOT_REQUESTED,
  };
}

function failed(groupId: string, errorCode: number): DescribeGroupsResponseDescribedGroup {
  return {
    errorCode,
    groupId,
    groupState: '',
    protocolType: '',
    protocolData: '',
    members: [],
    authorizedOperations: NOT_REQUESTED,
  };
}

export default defineApi({
  key: 15,
  name: 'DescribeGroups',
  minVersion: 0,
  maxVersion: 4,
  request: DescribeGroupsRequest,
  response: DescribeGroupsResponse,
  handle(ctx, req) {
    const coordinator = groupCoordinatorOf(ctx.cluster);
    return {
      throttleTimeMs: 0,
      groups: req.groups.map((groupId) => {
        if (!isGroupCoordinator(ctx.cluster, ctx.broker, groupId)) {
          return failed(groupId, ErrorCode.NOT_COORDINATOR);
        }
        const [described] = coordinator.describeGroups([groupId]);
        return described === undefined
          ? failed(groupId, ErrorCode.UNKNOWN_SERVER_ERROR)
          : toWire(described);
      }),
    };
  },
  errorResponse: (_ctx, req, errorCode) => ({
    throttleTimeMs: 0,
    groups: req.groups.map((groupId) => failed(groupId, errorCode)),
  }),
});
