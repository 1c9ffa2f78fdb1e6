/**
 * SyncGroup: v0-3
 *
 * Behavior:
 * - In CompletingRebalance, followers are held until the leader's SyncGroup brings the
 *   assignments; then every held member gets its own bytes and the group is Stable.
 * - A member the leader assigned nothing gets a valid empty ConsumerProtocolAssignment (for
 *   protocol type "consumer"), not zero bytes. Other bytes pass through untouched.
 * - In Stable, the stored assignment is returned again.
 * - REBALANCE_IN_PROGRESS while PreparingRebalance, and to held syncs when a new rebalance
 *   starts; ILLEGAL_GENERATION for another generation; UNKNOWN_MEMBER_ID for an unknown member
 *   or group; NOT_COORDINATOR on the wrong broker; INVALID_GROUP_ID for an empty id.
 *
 * Version notes:
 * - v1 adds throttle_time_ms (always 0); v2 is v1; v3 adds group_instance_id.
 * - v4+ (flexible) and v5 (protocol type and name) are not advertised: neither kafkajs
 *   2.2.4 nor librdkafka 2.0.2 sends them.
 */
import { ErrorCode } from '../errors.js';
import {
  SyncGroupRequest,
  SyncGroupResponse,
  type SyncGroupResponse as SyncGroupResponseBody,
} from '../protocol/messages.generated.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

function errorResponse(errorCode: number): SyncGroupResponseBody {
  return { throttleTimeMs: 0, errorCode, assignment: Buffer.alloc(0) };
}

export default defineApi({
  key: 14,
  name: 'SyncGroup',
  minVersion: 0,
  maxVersion: 3,
  request: SyncGroupRequest,
  response: SyncGroupResponse,
  handle(ctx, req) {
    if (!isGroupCoordinator(ctx.cluster, ctx.broker, req.groupId)) {
      return errorResponse(ErrorCode.NOT_COORDINATOR);
    }
    const coordinator = groupCoordinatorOf(ctx.cluster);
    return new Promise<SyncGroupResponseBody>((resolve) => {
      coordinator.syncGroup(
        {
          groupId: req.groupId,
          generationId: req.generationId,
          memberId: req.memberId,
          groupInstanceId: req.groupInstanceId,
          protocolType: req.protocolType,
          protocolName: req.protocolName,
          assignments: req.assignments,
        },
        (result) => {
          resolve({
            throttleTimeMs: 0,
            errorCode: result.errorCode,
            assignment: Buffer.from(result.assignment),
          });
        },
      );
    });
  },
  errorResponse: (_ctx, _req, errorCode) => errorResponse(errorCode),
});
