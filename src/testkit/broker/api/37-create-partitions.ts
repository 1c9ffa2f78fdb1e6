/**
 * CreatePartitions: v0-3
 *
 * Behavior:
 * - Must be sent to the controller, else NOT_CONTROLLER.
 * - Grows a topic to `count` partitions; new partitions are empty and their leaders are
 *   spread across brokers, or follow the given assignments (one replica list per new
 *   partition, else INVALID_REPLICA_ASSIGNMENT).
 * - A count not above the current one → INVALID_PARTITIONS; a missing topic →
 *   UNKNOWN_TOPIC_OR_PARTITION. validate_only checks without changing anything.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 is flexible; v3 is v2. kafkajs uses v1.
 */
import { ErrorCode } from '../errors.js';
import {
  CreatePartitionsRequest,
  CreatePartitionsResponse,
} from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<CreatePartitionsRequest, CreatePartitionsResponse>({
  key: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 3,
  request: CreatePartitionsRequest,
  response: CreatePartitionsResponse,
  handle(ctx, req) {
    if (ctx.broker.id !== ctx.cluster.controllerId()) {
      return this.errorResponse(ctx, req, ErrorCode.NOT_CONTROLLER);
    }
    return {
      throttleTimeMs: 0,
      results: req.topics.map((t) => {
        const assignments = (t.assignments ?? []).map((a) => a.brokerIds);
        const result = ctx.cluster.createPartitions(t.name, t.count, assignments, req.validateOnly);
        return { name: t.name, errorCode: result.errorCode, errorMessage: result.message };
      }),
    };
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      results: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })),
    };
  },
});
