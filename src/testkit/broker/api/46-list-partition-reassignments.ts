/**
 * ListPartitionReassignments: v0
 *
 * Behavior:
 * - Must be sent to the controller, else NOT_CONTROLLER.
 * - Lists the reassignments in progress, for every partition (null topics) or the listed
 *   ones. AlterPartitionReassignments completes at once on one copy of the data, so none is
 *   ever in progress and the answer is always an empty list with no error, as Kafka answers
 *   once its reassignments are done (unknown topics and partitions are skipped, as in Kafka).
 *
 * Version notes:
 * - v0 is flexible. kafkajs uses v0.
 */
import { ErrorCode } from '../errors.js';
import {
  ListPartitionReassignmentsRequest,
  ListPartitionReassignmentsResponse,
} from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<ListPartitionReassignmentsRequest, ListPartitionReassignmentsResponse>({
  key: 46,
  name: 'ListPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  request: ListPartitionReassignmentsRequest,
  response: ListPartitionReassignmentsResponse,
  handle(ctx, req) {
    if (ctx.broker.id !== ctx.cluster.controllerId()) {
      return this.errorResponse(ctx, req, ErrorCode.NOT_CONTROLLER);
    }
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, topics: [] };
  },
  errorResponse(_ctx, _req, errorCode) {
    return { throttleTimeMs: 0, errorCode, errorMessage: null, topics: [] };
  },
});
