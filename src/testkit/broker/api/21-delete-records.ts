/**
 * DeleteRecords: v0-2
 *
 * Behavior:
 * - Moves each partition's log start offset up to `offset` (-1 = the high watermark) and
 *   drops batches wholly below it; the reply carries the new low watermark.
 * - The partition must exist (UNKNOWN_TOPIC_OR_PARTITION) and be led by this broker
 *   (NOT_LEADER_OR_FOLLOWER); an offset above the high watermark → OFFSET_OUT_OF_RANGE.
 *   An offset below the current log start changes nothing.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 is flexible. kafkajs uses v1.
 */
import { ErrorCode } from '../errors.js';
import {
  DeleteRecordsRequest,
  DeleteRecordsResponse,
  type DeleteRecordsResponsePartitionResult,
} from '../protocol/messages.generated.js';
import { defineApi, type RequestContext } from './registry.js';

function deleteOne(
  ctx: RequestContext,
  topic: string,
  index: number,
  offset: bigint,
): DeleteRecordsResponsePartitionResult {
  const { cluster } = ctx;
  const p = cluster.partition(topic, index);
  const answer = (errorCode: number, lowWatermark: number) => ({
    partitionIndex: index,
    errorCode,
    lowWatermark: BigInt(lowWatermark),
  });
  if (p === undefined) return answer(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1);
  if (cluster.leaderOf(p) !== ctx.broker.id) return answer(ErrorCode.NOT_LEADER_OR_FOLLOWER, -1);
  const target = offset === -1n ? p.highWatermark : Number(offset);
  if (target < 0 || target > p.highWatermark) return answer(ErrorCode.OFFSET_OUT_OF_RANGE, -1);
  p.deleteBefore(target);
  return answer(ErrorCode.NONE, p.logStartOffset);
}

export default defineApi<DeleteRecordsRequest, DeleteRecordsResponse>({
  key: 21,
  name: 'DeleteRecords',
  minVersion: 0,
  maxVersion: 2,
  request: DeleteRecordsRequest,
  response: DeleteRecordsResponse,
  handle(ctx, req) {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => deleteOne(ctx, t.name, p.partitionIndex, p.offset)),
      })),
    };
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partitionIndex: p.partitionIndex,
          errorCode,
          lowWatermark: -1n,
        })),
      })),
    };
  },
});
