/**
 * ListOffsets: v0-7
 *
 * Behavior:
 * - timestamp -2 (earliest) → the log start offset; -1 (latest) → the high watermark, or
 *   the last stable offset under read_committed (v2+); -3 (max timestamp, v7+) → the
 *   record with the largest timestamp; any other value → the first record whose timestamp
 *   is at or after it, or offset -1 when there is none.
 * - The partition must exist (UNKNOWN_TOPIC_OR_PARTITION) and be led by this broker
 *   (NOT_LEADER_OR_FOLLOWER).
 *
 * Version notes:
 * - v0 answers in old_style_offsets (one offset; max_num_offsets is ignored beyond that).
 * - v1 returns timestamp and offset; v2 adds isolation level and throttle time; v4 the
 *   leader epoch (always 0 here); v6 is flexible; v7 allows -3. kafkajs stops at v3,
 *   librdkafka at v2.
 */
import { ErrorCode } from '../errors.js';
import {
  ListOffsetsRequest,
  ListOffsetsResponse,
  type ListOffsetsResponsePartitionResponse,
} from '../protocol/messages.generated.js';
import { defineApi, type RequestContext } from './registry.js';

const LATEST = -1n;
const EARLIEST = -2n;
const MAX_TIMESTAMP = -3n;

function answer(
  ctx: RequestContext,
  index: number,
  errorCode: number,
  offset: number,
  timestamp: number,
): ListOffsetsResponsePartitionResponse {
  return {
    partitionIndex: index,
    errorCode,
    oldStyleOffsets: ctx.apiVersion === 0 && offset >= 0 ? [BigInt(offset)] : [],
    timestamp: BigInt(timestamp),
    offset: BigInt(offset),
    leaderEpoch: errorCode === ErrorCode.NONE ? 0 : -1,
  };
}

function lookup(
  ctx: RequestContext,
  topic: string,
  index: number,
  timestamp: bigint,
  readCommitted: boolean,
): ListOffsetsResponsePartitionResponse {
  const { cluster } = ctx;
  const p = cluster.partition(topic, index);
  if (p === undefined) return answer(ctx, index, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, -1, -1);
  if (cluster.leaderOf(p) !== ctx.broker.id) {
    return answer(ctx, index, ErrorCode.NOT_LEADER_OR_FOLLOWER, -1, -1);
  }
  if (timestamp === EARLIEST) return answer(ctx, index, ErrorCode.NONE, p.logStartOffset, -1);
  if (timestamp === LATEST) {
    const end = readCommitted ? p.lastStableOffset : p.highWatermark;
    return answer(ctx, index, ErrorCode.NONE, end, -1);
  }
  const found =
    timestamp === MAX_TIMESTAMP && ctx.apiVersion >= 7
      ? p.maxTimestamp()
      : p.offsetForTimestamp(Number(timestamp));
  return found === undefined
    ? answer(ctx, index, ErrorCode.NONE, -1, -1)
    : answer(ctx, index, ErrorCode.NONE, found.offset, found.timestamp);
}

export default defineApi<ListOffsetsRequest, ListOffsetsResponse>({
  key: 2,
  name: 'ListOffsets',
  minVersion: 0,
  maxVersion: 7,
  request: ListOffsetsRequest,
  response: ListOffsetsResponse,
  handle(ctx, req) {
    const readCommitted = ctx.apiVersion >= 2 && req.isolationLevel === 1;
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) =>
          lookup(ctx, t.name, p.partitionIndex, p.timestamp, readCommitted),
        ),
      })),
    };
  },
  errorResponse(ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => answer(ctx, p.partitionIndex, errorCode, -1, -1)),
      })),
    };
  },
});
