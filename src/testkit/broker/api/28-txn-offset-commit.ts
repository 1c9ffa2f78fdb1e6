/**
 * TxnOffsetCommit: v0-3
 *
 * Behavior:
 * - Must reach the group's coordinator (the group module's `isGroupCoordinator`), else
 *   NOT_COORDINATOR for every partition.
 * - The transactional id must map to the producer (INVALID_PRODUCER_ID_MAPPING) at its
 *   epoch (INVALID_PRODUCER_EPOCH), and its transaction must be Ongoing (AddOffsetsToTxn
 *   first; else INVALID_TXN_STATE).
 * - The offsets are staged with the group module (`TxnOffsetHooks.stageTxnOffsets`):
 *   OffsetFetch does not see them until EndTxn commits; an abort drops them.
 * - Not implemented: the v3 generation / member id check against the group.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 adds the committed leader epoch; v3 is flexible
 *   and adds generation id, member id and group instance id. kafkajs uses v1, librdkafka
 *   up to v3.
 */
import { ErrorCode } from '../errors.js';
import { isGroupCoordinator } from '../groups/groupCoordinatorKey.js';
import { TxnOffsetCommitRequest, TxnOffsetCommitResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

function resultsWith(req: TxnOffsetCommitRequest, errorCode: number): TxnOffsetCommitResponse {
  return {
    throttleTimeMs: 0,
    topics: req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode })),
    })),
  };
}

export default defineApi<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  key: 28,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 3,
  request: TxnOffsetCommitRequest,
  response: TxnOffsetCommitResponse,
  handle(ctx, req) {
    const { cluster } = ctx;
    if (!isGroupCoordinator(cluster, ctx.broker, req.groupId)) {
      return resultsWith(req, ErrorCode.NOT_COORDINATOR);
    }
    const txn = cluster.transactions.check(req.transactionalId, req.producerId, req.producerEpoch);
    if (typeof txn === 'number') return resultsWith(req, txn);
    const offsets = req.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partitionIndex,
        offset: p.committedOffset,
        leaderEpoch: ctx.apiVersion >= 2 ? p.committedLeaderEpoch : -1,
        // Kafka stores a null as OffsetAndMetadata.NoMetadata, so OffsetFetch returns "".
        metadata: p.committedMetadata ?? '',
      })),
    );
    return resultsWith(req, cluster.transactions.stageOffsets(txn, req.groupId, offsets));
  },
  errorResponse(_ctx, req, errorCode) {
    return resultsWith(req, errorCode);
  },
});
