/**
 * ListGroups: v0-4
 *
 * Behavior:
 * - Lists the groups this broker coordinates (clients ask every broker and merge), with their
 *   protocol type ("consumer", or "" for a group that only stores offsets) and, from v4,
 *   their state. Groups that emptied stay listed as Empty until DeleteGroups.
 * - states_filter (v4) keeps only groups in those states, matched case-insensitively; an
 *   empty filter lists all.
 *
 * Version notes:
 * - v1 adds throttle_time_ms (always 0); v2 is v1; v3 is flexible (librdkafka 2.0.2 uses
 *   v3-4); v4 adds states_filter and group_state.
 * - v5 (types_filter, group_type) is not advertised: neither client sends it.
 */
import { ErrorCode } from '../errors.js';
import { ListGroupsRequest, ListGroupsResponse } from '../protocol/messages.generated.js';
import { groupCoordinatorOf, isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

export default defineApi({
  key: 16,
  name: 'ListGroups',
  minVersion: 0,
  maxVersion: 4,
  request: ListGroupsRequest,
  response: ListGroupsResponse,
  handle(ctx, req) {
    const groups = groupCoordinatorOf(ctx.cluster)
      .listGroups(req.statesFilter)
      .filter((g) => isGroupCoordinator(ctx.cluster, ctx.broker, g.groupId))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, groupState: g.state }));
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, groups };
  },
  errorResponse: (_ctx, _req, errorCode) => ({ throttleTimeMs: 0, errorCode, groups: [] }),
});
