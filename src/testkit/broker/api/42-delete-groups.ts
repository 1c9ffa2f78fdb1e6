/**
 * DeleteGroups: v0-1
 *
 * Behavior:
 * - Deletes each Empty group together with its committed offsets (and any offsets an open
 *   transaction staged for it); the group then describes as Dead and is no longer listed.
 * - NON_EMPTY_GROUP while the group has members (in any other state); GROUP_ID_NOT_FOUND
 *   for a group that does not exist; INVALID_GROUP_ID for an empty id; NOT_COORDINATOR for a
 *   group another broker coordinates.
 *
 * Version notes:
 * - v1 is v0 (KIP-219 throttling; throttle_time_ms is always 0).
 * - v2 (flexible) is not advertised: kafkajs 2.2.4 and librdkafka 2.0.2 stop at v1.
 */
import { ErrorCode } from '../errors.js';
import { DeleteGroupsRequest, DeleteGroupsResponse } from '../protocol/messages.generated.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

export default defineApi({
  key: 42,
  name: 'DeleteGroups',
  minVersion: 0,
  maxVersion: 1,
  request: DeleteGroupsRequest,
  response: DeleteGroupsResponse,
  handle(ctx, req) {
    const coordinator = groupCoordinatorOf(ctx.cluster);
    const results = req.groupsNames.map((groupId) => {
      if (!isGroupCoordinator(ctx.cluster, ctx.broker, groupId)) {
        return { groupId, errorCode: ErrorCode.NOT_COORDINATOR };
      }
      const [result] = coordinator.deleteGroups([groupId]);
      return result ?? { groupId, errorCode: ErrorCode.UNKNOWN_SERVER_ERROR };
    });
    return { throttleTimeMs: 0, results };
  },
  errorResponse: (_ctx, req, errorCode) => ({
    throttleTimeMs: 0,
    results: req.groupsNames.map((groupId) => ({ groupId, errorCode })),
  }),
});
