/**
 * AlterPartitionReassignments: v0
 *
 * Behavior:
 * - Must be sent to the controller, else NOT_CONTROLLER.
 * - Moves each listed partition to its new replica list (the replication factor may change).
 *   The cluster keeps one copy of each log, so a reassignment completes at once: the replicas
 *   change, the first live one leads, and nothing is left in progress for
 *   ListPartitionReassignments. The new replicas are persisted with the topic in `dataDir`.
 * - Per partition: a missing topic or partition → UNKNOWN_TOPIC_OR_PARTITION; an empty list,
 *   a repeated broker or an unknown broker id → INVALID_REPLICA_ASSIGNMENT; a null list
 *   (cancel) → NO_REASSIGNMENT_IN_PROGRESS, since none is ever in progress.
 * - timeout_ms is not needed: the answer is immediate.
 *
 * Version notes:
 * - v0 is flexible. kafkajs uses v0.
 */
import type { Cluster } from '../Cluster.js';
import { ErrorCode } from '../errors.js';
import {
  AlterPartitionReassignmentsRequest,
  AlterPartitionReassignmentsResponse,
  type AlterPartitionReassignmentsRequestReassignablePartition,
  type AlterPartitionReassignmentsResponseReassignablePartitionResponse,
} from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

type PartitionResult = AlterPartitionReassignmentsResponseReassignablePartitionResponse;

function reassign(
  cluster: Cluster,
  topic: string,
  p: AlterPartitionReassignmentsRequestReassignablePartition,
): PartitionResult {
  const result = (errorCode: number, errorMessage: string | null): PartitionResult => ({
    partitionIndex: p.partitionIndex,
    errorCode,
    errorMessage,
  });
  const log = cluster.partition(topic, p.partitionIndex);
  if (log === undefined) {
    return result(
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      `${topic}/${p.partitionIndex} does not exist`,
    );
  }
  if (p.replicas === null) {
    return result(
      ErrorCode.NO_REASSIGNMENT_IN_PROGRESS,
      `${log.label}: no reassignment is in progress to cancel`,
    );
  }
  const invalid = (why: string) =>
    result(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `${log.label}: ${why}`);
  if (p.replicas.length === 0) return invalid('the replica list is empty');
  if (new Set(p.replicas).size !== p.replicas.length) {
    return invalid(`the replica list [${p.replicas.join(', ')}] repeats a broker`);
  }
  const unknown = p.replicas.find((id) => cluster.broker(id) === undefined);
  if (unknown !== undefined) return invalid(`broker ${unknown} does not exist`);
  log.replicas = [...p.replicas];
  return result(ErrorCode.NONE, null);
}

export default defineApi<AlterPartitionReassignmentsRequest, AlterPartitionReassignmentsResponse>({
  key: 45,
  name: 'AlterPartitionReassignments',
  minVersion: 0,
  maxVersion: 0,
  request: AlterPartitionReassignmentsRequest,
  response: AlterPartitionReassignmentsResponse,
  handle(ctx, req) {
    if (ctx.broker.id !== ctx.cluster.controllerId()) {
      return this.errorResponse(ctx, req, ErrorCode.NOT_CONTROLLER);
    }
    const responses = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => reassign(ctx.cluster, t.name, p)),
    }));
    ctx.cluster.store?.saveTopics(ctx.cluster);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE, errorMessage: null, responses };
  },
  errorResponse(_ctx, _req, errorCode) {
    return { throttleTimeMs: 0, errorCode, errorMessage: null, responses: [] };
  },
});
