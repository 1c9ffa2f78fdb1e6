/**
 * LeaveGroup: v0-3
 *
 * Behavior:
 * - Removes each named member and rebalances the rest once; when the last member leaves,
 *   the group becomes Empty (its offsets stay). A held JoinGroup or SyncGroup of a leaving
 *   member is answered UNKNOWN_MEMBER_ID.
 * - A member id answered MEMBER_ID_REQUIRED but not yet rejoined may leave without
 *   disturbing the group.
 * - A static member may leave by group_instance_id alone (v3+); a mismatched member id is
 *   FENCED_INSTANCE_ID.
 * - Unknown members (in a missing group too) get UNKNOWN_MEMBER_ID: per member from v3, as
 *   the top-level error for v0-2. NOT_COORDINATOR on the wrong broker; INVALID_GROUP_ID for
 *   an empty id.
 *
 * Version notes:
 * - v0-2 name one member_id; v1 adds throttle_time_ms (always 0); v2 is v1.
 * - v3 takes a list of members (member id and group instance id) with a result for each.
 * - v4+ (flexible) and v5 (reason) are not advertised: kafkajs 2.2.4 stops at v3 and
 *   librdkafka 2.0.2 at v1.
 */
import { ErrorCode } from '../errors.js';
import {
  LeaveGroupRequest,
  LeaveGroupResponse,
  type LeaveGroupRequest as LeaveGroupRequestBody,
  type LeaveGroupResponse as LeaveGroupResponseBody,
} from '../protocol/messages.generated.js';
import type { LeavingMember } from '../groups/GroupRequests.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import type { RequestContext } from './registry.js';
import { defineApi } from './registry.js';

function leavingMembers(ctx: RequestContext, req: LeaveGroupRequestBody): LeavingMember[] {
  if (ctx.apiVersion < 3) return [{ memberId: req.memberId, groupInstanceId: null }];
  return req.members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId }));
}

function errorResponse(
  ctx: RequestContext,
  req: LeaveGroupRequestBody,
  errorCode: number,
): LeaveGroupResponseBody {
  const members = leavingMembers(ctx, req).map((m) => ({ ...m, errorCode }));
  return { throttleTimeMs: 0, errorCode, members };
}

export default defineApi({
  key: 13,
  name: 'LeaveGroup',
  minVersion: 0,
  maxVersion: 3,
  request: LeaveGroupRequest,
  response: LeaveGroupResponse,
  handle(ctx, req) {
    if (!isGroupCoordinator(ctx.cluster, ctx.broker, req.groupId)) {
      return errorResponse(ctx, req, ErrorCode.NOT_COORDINATOR);
    }
    const result = groupCoordinatorOf(ctx.cluster).leaveGroup(
      req.groupId,
      leavingMembers(ctx, req),
    );
    // v0-2 have no per-member results, so the one member's error is the request's error.
    const only = result.members[0];
    const errorCode =
      ctx.apiVersion < 3 && result.errorCode === ErrorCode.NONE && only !== undefined
        ? only.errorCode
        : result.errorCode;
    return { throttleTimeMs: 0, errorCode, members: [...result.members] };
  },
  errorResponse,
});
