/**
 * CreateTopics: v0-4
 *
 * Behavior:
 * - Must be sent to the controller (the lowest live broker id), else NOT_CONTROLLER.
 * - num_partitions / replication_factor -1 take the broker defaults (the cluster's default
 *   partition count; min(3, brokers) replicas). Manual assignments fix both.
 * - Errors per topic: INVALID_TOPIC_EXCEPTION, TOPIC_ALREADY_EXISTS, INVALID_PARTITIONS,
 *   INVALID_REPLICATION_FACTOR, INVALID_REPLICA_ASSIGNMENT, INVALID_CONFIG (unknown config
 *   or bad value; see topicConfig.ts), with a message from v1.
 * - validate_only (v1+) checks without creating. timeout_ms is ignored: creation is instant.
 * - A topic listed twice gets INVALID_REQUEST for every copy, as in Kafka.
 *
 * Version notes:
 * - v1 adds validate_only and error messages; v2 throttle time; v3 and v4 are the same
 *   shape (v4 allows default partitions and replication factor, accepted in every version).
 *   v5+ (flexible, configs in the response) are not advertised; kafkajs stops at v3 and
 *   librdkafka at v4.
 */
import { ErrorCode } from '../errors.js';
import { CreateTopicsRequest, CreateTopicsResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<CreateTopicsRequest, CreateTopicsResponse>({
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 4,
  request: CreateTopicsRequest,
  response: CreateTopicsResponse,
  handle(ctx, req) {
    const { cluster } = ctx;
    if (ctx.broker.id !== cluster.controllerId()) {
      return this.errorResponse(ctx, req, ErrorCode.NOT_CONTROLLER);
    }
    const counts = new Map<string, number>();
    for (const t of req.topics) counts.set(t.name, (counts.get(t.name) ?? 0) + 1);
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => {
        if ((counts.get(t.name) ?? 0) > 1) {
          return {
            name: t.name,
            errorCode: ErrorCode.INVALID_REQUEST,
            errorMessage: `topic '${t.name}' is listed more than once`,
          };
        }
        const configs = new Map<string, string>();
        for (const c of t.configs) if (c.value !== null) configs.set(c.name, c.value);
        const result = cluster.createTopic(t.name, {
          partitions: t.numPartitions,
          replicationFactor: t.replicationFactor,
          configs,
          assignments: [...t.assignments]
            .sort((a, b) => a.partitionIndex - b.partitionIndex)
            .map((a) => a.brokerIds),
          validateOnly: req.validateOnly,
        });
        return { name: t.name, errorCode: result.errorCode, errorMessage: result.message };
      }),
    };
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({ name: t.name, errorCode, errorMessage: null })),
    };
  },
});
