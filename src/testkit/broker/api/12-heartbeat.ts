/**
 * Heartbeat: v0-3
 *
 * Behavior:
 * - Restarts the member's session timer; a member that sends no heartbeat, join, sync or
 *   commit within its session timeout is removed and the group rebalances.
 * - NONE in CompletingRebalance and Stable; REBALANCE_IN_PROGRESS while PreparingRebalance,
 *   which tells the client to rejoin.
 * - UNKNOWN_MEMBER_ID for an unknown member or group (an Empty group has no members);
 *   ILLEGAL_GENERATION for another generation; FENCED_INSTANCE_ID for a replaced static
 *   member; NOT_COORDINATOR on the wrong broker; INVALID_GROUP_ID for an empty id.
 *
 * Version notes:
 * - v1 adds throttle_time_ms (always 0); v2 is v1; v3 adds group_instance_id.
 * - v4 (flexible) is not advertised: neither kafkajs 2.2.4 nor librdkafka 2.0.2 sends it.
 */
import { ErrorCode } from '../errors.js';
import { HeartbeatRequest, HeartbeatResponse } from '../protocol/messages.generated.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

export default defineApi({
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  request: HeartbeatRequest,
  response: HeartbeatResponse,
  handle(ctx, req) {
    if (!isGroupCoordinator(ctx.cluster, ctx.broker, req.groupId)) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR };
    }
    const errorCode = groupCoordinatorOf(ctx.cluster).heartbeat(req);
    return { throttleTimeMs: 0, errorCode };
  },
  errorResponse: (_ctx, _req, errorCode) => ({ throttleTimeMs: 0, errorCode }),
});
