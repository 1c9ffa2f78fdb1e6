/**
 * Fetch: v0-11
 *
 * Behavior:
 * - Returns whole stored batches, starting with the one that contains fetch_offset (it may
 *   begin earlier; clients drop the records below the offset they asked for).
 * - partition_max_bytes and max_bytes (v3+) are soft limits: the first batch of the response
 *   is always included even if larger (KIP-74), then reading stops at a batch boundary.
 * - read_committed (isolation_level 1, v4+) stops at the last stable offset and lists the
 *   aborted transactions that overlap the returned data, sorted by first offset; both
 *   kafkajs and librdkafka default to it. read_uncommitted reads to the high watermark.
 * - Long polling: with fewer than min_bytes available the request waits up to max_wait_ms,
 *   woken by any change to a requested partition, then answers with what exists.
 * - Errors per partition, answered at once: UNKNOWN_TOPIC_OR_PARTITION,
 *   NOT_LEADER_OR_FOLLOWER (another broker leads it), OFFSET_OUT_OF_RANGE (below the log
 *   start or above the high watermark; fetching at the high watermark is valid).
 * - Fetch sessions (KIP-227) are not implemented: session id 0, full responses.
 * - preferred_read_replica is always -1 (both clients would move their fetches otherwise).
 *
 * Version notes:
 * - v0-3 get message sets (magic 0 for v0-1, magic 1 for v2-3) down-converted from the
 *   stored batches, without control records; v4+ get the stored v2 batches untouched.
 * - v3 adds max_bytes; v4 isolation level, LSO and aborted transactions; v5 log start
 *   offset; v7 sessions; v11 rack id and preferred read replica. v12+ (flexible, topic
 *   ids) are not implemented; kafkajs and librdkafka stop at v11.
 */
import type { Cluster } from '../Cluster.js';
import { ErrorCode } from '../errors.js';
import type { PartitionLog } from '../PartitionLog.js';
import {
  FetchRequest,
  FetchResponse,
  type FetchRequestPartition,
  type FetchResponsePartitionData,
} from '../protocol/messages.generated.js';
import { toMessageSet } from '../protocol/messageSet.js';
import { defineApi, type RequestContext } from './registry.js';

const READ_COMMITTED = 1;
const EMPTY = Buffer.alloc(0);

/** One pass over the request: the response plus what decides whether to keep waiting. */
interface FetchPass {
  readonly response: FetchResponse;
  readonly bytes: number;
  readonly hasError: boolean;
  /** Partitions whose changes should wake a waiting fetch. */
  readonly partitions: PartitionLog[];
}

function partitionError(
  index: number,
  errorCode: number,
  p?: PartitionLog,
): FetchResponsePartitionData {
  return {
    partitionIndex: index,
    errorCode,
    highWatermark: BigInt(p?.highWatermark ?? -1),
    lastStableOffset: BigInt(p?.lastStableOffset ?? -1),
    logStartOffset: BigInt(p?.logStartOffset ?? -1),
    abortedTransactions: null,
    preferredReadReplica: -1,
    records: EMPTY,
  };
}

function fetchPass(ctx: RequestContext, req: FetchRequest): FetchPass {
  const { cluster, apiVersion } = ctx;
  const readCommitted = apiVersion >= 4 && req.isolationLevel === READ_COMMITTED;
  let budget = apiVersion >= 3 ? req.maxBytes : Infinity;
  let bytes = 0;
  let hasError = false;
  const partitions: PartitionLog[] = [];
  const read = (topic: string, fp: FetchRequestPartition): FetchResponsePartitionData => {
    const p = cluster.partition(topic, fp.partition);
    if (p === undefined) {
      hasError = true;
      return partitionError(fp.partition, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    }
    if (cluster.leaderOf(p) !== ctx.broker.id) {
      hasError = true;
      return partitionError(fp.partition, ErrorCode.NOT_LEADER_OR_FOLLOWER, p);
    }
    const offset = Number(fp.fetchOffset);
    if (offset < p.logStartOffset || offset > p.highWatermark) {
      hasError = true;
      return partitionError(fp.partition, ErrorCode.OFFSET_OUT_OF_RANGE, p);
    }
    partitions.push(p);
    const upTo = readCommitted ? p.lastStableOffset : p.highWatermark;
    const limit = Math.min(fp.partitionMaxBytes, budget);
    const result = p.read(offset, upTo, limit, bytes === 0);
    bytes += result.bytes;
    budget -= result.bytes;
    const records =
      apiVersion >= 4
        ? Buffer.concat(result.chunks, result.bytes)
        : toMessageSet(result.chunks, apiVersion >= 2 ? 1 : 0, offset);
    return {
      partitionIndex: fp.partition,
      errorCode: ErrorCode.NONE,
      highWatermark: BigInt(p.highWatermark),
      lastStableOffset: BigInt(p.lastStableOffset),
      logStartOffset: BigInt(p.logStartOffset),
      abortedTransactions: readCommitted
        ? p.abortedIn(offset, result.endOffset).map((t) => ({
            producerId: t.producerId,
            firstOffset: BigInt(t.firstOffset),
          }))
        : null,
      preferredReadReplica: -1,
      records,
    };
  };
  const responses = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((fp) => read(t.topic, fp)),
  }));
  return {
    response: { throttleTimeMs: 0, errorCode: ErrorCode.NONE, sessionId: 0, responses },
    bytes,
    hasError,
    partitions,
  };
}

/** Resolves when any partition changes, after `ms`, or when the connection or cluster ends. */
function waitForChange(
  cluster: Cluster,
  partitions: readonly PartitionLog[],
  ms: number,
  closed: AbortSignal,
): Promise<void> {
  return new Promise((resolve) => {
    const signal = AbortSignal.any([closed, cluster.stopped]);
    const unsubscribe: (() => void)[] = [];
    const done = (): void => {
      clearTimeout(timer);
      for (const u of unsubscribe) u();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    for (const p of partitions) unsubscribe.push(p.onChange(done));
    signal.addEventListener('abort', done);
    if (signal.aborted) done();
  });
}

export default defineApi<FetchRequest, FetchResponse>({
  key: 1,
  name: 'Fetch',
  minVersion: 0,
  maxVersion: 11,
  request: FetchRequest,
  response: FetchResponse,
  async handle(ctx, req) {
    const { cluster } = ctx;
    const deadline = cluster.now() + Math.max(0, req.maxWaitMs);
    for (;;) {
      const pass = fetchPass(ctx, req);
      const remaining = deadline - cluster.now();
      const stop = ctx.connection.closed.aborted || cluster.stopped.aborted;
      if (pass.bytes >= req.minBytes || pass.hasError || remaining <= 0 || stop) {
        return pass.response;
      }
      await waitForChange(cluster, pass.partitions, remaining, ctx.connection.closed);
    }
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      sessionId: 0,
      responses: req.topics.map((t) => ({
        topic: t.topic,
        partitions: t.partitions.map((fp) => partitionError(fp.partition, errorCode)),
      })),
    };
  },
});
