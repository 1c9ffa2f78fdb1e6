/**
 * DeleteTopics: v0-5
 *
 * Behavior:
 * - Must be sent to the controller, else NOT_CONTROLLER for every topic.
 * - Deletion is instant: the partitions, their data (and files under dataDir) and their
 *   place in open transactions go. A missing topic → UNKNOWN_TOPIC_OR_PARTITION.
 * - timeout_ms is ignored.
 *
 * Version notes:
 * - v1 adds throttle time; v4 is flexible; v5 adds error messages. v6 (topic ids) is not
 *   advertised; kafkajs and librdkafka stop at v1.
 */
import { ErrorCode } from '../errors.js';
import { DeleteTopicsRequest, DeleteTopicsResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<DeleteTopicsRequest, DeleteTopicsResponse>({
  key: 20,
  name: 'DeleteTopics',
  minVersion: 0,
  maxVersion: 5,
  request: DeleteTopicsRequest,
  response: DeleteTopicsResponse,
  handle(ctx, req) {
    if (ctx.broker.id !== ctx.cluster.controllerId()) {
      return this.errorResponse(ctx, req, ErrorCode.NOT_CONTROLLER);
    }
    return {
      throttleTimeMs: 0,
      responses: req.topicNames.map((name) => {
        const result = ctx.cluster.deleteTopic(name);
        return { name, errorCode: result.errorCode, errorMessage: result.message };
      }),
    };
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      responses: req.topicNames.map((name) => ({ name, errorCode, errorMessage: null })),
    };
  },
});
