/**
 * JoinGroup: v0-5
 *
 * Behavior:
 * - Hands the request to the cluster's group coordinator (`groups/GroupCoordinator.ts`) and
 *   answers when it does: at once for errors and MEMBER_ID_REQUIRED, otherwise once every
 *   member has rejoined or the largest rebalance timeout has run out.
 * - A first join (empty member id) at v4+ is answered MEMBER_ID_REQUIRED with a new id
 *   (`clientId-UUID`); the client rejoins with it. v0-3 members are added directly.
 * - Only the leader's answer lists the members, each with its metadata for the chosen
 *   protocol; the broker never reads the consumer-protocol bytes.
 * - NOT_COORDINATOR when this broker does not coordinate the group; INVALID_GROUP_ID for an
 *   empty id; INVALID_SESSION_TIMEOUT outside 6000..1800000 ms; INCONSISTENT_GROUP_PROTOCOL
 *   for another protocol type or no protocol in common; UNKNOWN_MEMBER_ID for a stale id.
 * - Static members (group.instance.id) skip MEMBER_ID_REQUIRED and fence their previous
 *   incarnation, but always trigger a rebalance (no KIP-345 "no rebalance on restart").
 *
 * Version notes:
 * - v0 has no rebalance timeout; the session timeout stands in, as in Kafka.
 * - v1 adds rebalance_timeout_ms; v2 throttle_time_ms (always 0); v3 is v2.
 * - v4 makes a first join answer MEMBER_ID_REQUIRED; v5 adds group_instance_id.
 * - v6+ (flexible), v7 protocol type in the response, v8 reason and v9 skip_assignment are
 *   not advertised: neither kafkajs 2.2.4 nor librdkafka 2.0.2 sends them.
 */
import { ErrorCode } from '../errors.js';
import {
  JoinGroupRequest,
  JoinGroupResponse,
  type JoinGroupResponse as JoinGroupResponseBody,
} from '../protocol/messages.generated.js';
import type { JoinResult } from '../groups/GroupRequests.js';
import {
  clientHostOf,
  groupCoordinatorOf,
  isGroupCoordinator,
} from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

function toWire(result: JoinResult): JoinGroupResponseBody {
  return {
    throttleTimeMs: 0,
    errorCode: result.errorCode,
    generationId: result.generationId,
    protocolName: result.protocolName ?? '',
    leader: result.leader,
    memberId: result.memberId,
    members: result.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: Buffer.from(m.metadata),
    })),
  };
}

function errorResponse(memberId: string, errorCode: number): JoinGroupResponseBody {
  return {
    throttleTimeMs: 0,
    errorCode,
    generationId: -1,
    protocolName: '',
    leader: '',
    memberId,
    members: [],
  };
}

export default defineApi({
  key: 11,
  name: 'JoinGroup',
  minVersion: 0,
  maxVersion: 5,
  request: JoinGroupRequest,
  response: JoinGroupResponse,
  handle(ctx, req) {
    if (!isGroupCoordinator(ctx.cluster, ctx.broker, req.groupId)) {
      return errorResponse(req.memberId, ErrorCode.NOT_COORDINATOR);
    }
    const coordinator = groupCoordinatorOf(ctx.cluster);
    return new Promise<JoinGroupResponseBody>((resolve) => {
      coordinator.joinGroup(
        {
          groupId: req.groupId,
          memberId: req.memberId,
          groupInstanceId: req.groupInstanceId,
          sessionTimeoutMs: req.sessionTimeoutMs,
          rebalanceTimeoutMs: ctx.apiVersion === 0 ? req.sessionTimeoutMs : req.rebalanceTimeoutMs,
          protocolType: req.protocolType,
          protocols: req.protocols,
          clientId: ctx.clientId ?? '',
          clientHost: clientHostOf(ctx.connection.remote),
          requireKnownMemberId: ctx.apiVersion >= 4,
        },
        (result) => {
          resolve(toWire(result));
        },
      );
    });
  },
  errorResponse: (_ctx, req, errorCode) => errorResponse(req.memberId, errorCode),
});
