/**
 * Produce: v0-9
 *
 * Behavior:
 * - acks 0 gets no response at all; acks 1 and -1 are answered once the batch is appended
 *   (one copy of the data, so -1 is satisfied at once); other acks → INVALID_REQUIRED_ACKS.
 * - Each partition must exist (UNKNOWN_TOPIC_OR_PARTITION; Produce never auto-creates) and
 *   be led by this broker (NOT_LEADER_OR_FOLLOWER).
 * - The batch is checked before it is stored (see validateBatch.ts): one v2 batch, CRC-32C
 *   (CORRUPT_MESSAGE), none or gzip (snappy, lz4, zstd → UNSUPPORTED_COMPRESSION_TYPE),
 *   max.message.bytes (MESSAGE_TOO_LARGE), no control batches (INVALID_RECORD).
 * - Idempotence: per partition and producer id, a retried batch among the last five is
 *   acknowledged with its original offset and not appended again; a gap →
 *   OUT_OF_ORDER_SEQUENCE_NUMBER; an older epoch → INVALID_PRODUCER_EPOCH.
 * - Transactions: a transactional batch needs its partition added to an ongoing
 *   transaction at the current epoch (INVALID_TXN_STATE / INVALID_PRODUCER_EPOCH).
 * - Appends roll segments by segment.bytes and segment.ms; retention never runs here (it is
 *   the cluster's periodic check), so a record with an old timestamp is readable at once.
 * - Not implemented: LogAppendTime, record-level errors (record_errors stays empty).
 *
 * Version notes:
 * - v0-2 carry message sets (magic 0/1, gzip wrappers unwrapped); each is checked (CRC-32)
 *   and stored as one uncompressed v2 batch, so every reader sees the same format. v2 adds
 *   log_append_time to the response (always -1: CreateTime only).
 * - v3 adds transactional_id and requires record batch v2; v5 adds log_start_offset;
 *   v8 adds record_errors and error_message (filled with the reason on errors);
 *   v9 is flexible. kafkajs and librdkafka stop at v7.
 */
import type { Cluster } from '../Cluster.js';
import { ErrorCode } from '../errors.js';
import {
  ProduceRequest,
  ProduceResponse,
  type ProduceResponsePartitionProduceResponse,
} from '../protocol/messages.generated.js';
import { UnsupportedCompressionError } from '../protocol/compression.js';
import { fromMessageSet } from '../protocol/messageSet.js';
import { DecodeError } from '../protocol/Reader.js';
import { isTransactional } from '../protocol/recordBatch.js';
import { validateProducedBatch } from '../validateBatch.js';
import { defineApi, type RequestContext } from './registry.js';

type PartitionResult = ProduceResponsePartitionProduceResponse;

function result(
  index: number,
  errorCode: number,
  errorMessage: string | null = null,
): PartitionResult {
  return {
    index,
    errorCode,
    baseOffset: -1n,
    logAppendTimeMs: -1n,
    logStartOffset: -1n,
    errorMessage,
  };
}

/** A v0-2 message set as a v2 batch, or a reason (corrupt) or UNSUPPORTED_COMPRESSION_TYPE. */
function upConvert(set: Buffer, now: number): Buffer | string | number {
  try {
    return fromMessageSet(set, now);
  } catch (err) {
    if (err instanceof UnsupportedCompressionError) return ErrorCode.UNSUPPORTED_COMPRESSION_TYPE;
    if (err instanceof DecodeError) return `message set at byte ${err.offset}: ${err.reason}`;
    throw err;
  }
}

function produceOne(
  ctx: RequestContext,
  cluster: Cluster,
  topicName: string,
  index: number,
  records: Buffer | null,
): PartitionResult {
  const topic = cluster.topics.get(topicName);
  const p = topic?.partition(index);
  if (topic === undefined || p === undefined) {
    return result(
      index,
      ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      `${topicName}/${index} does not exist`,
    );
  }
  if (cluster.leaderOf(p) !== ctx.broker.id) {
    return result(
      index,
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
      `${p.label} is led by broker ${cluster.leaderOf(p)}, not ${ctx.broker.id}`,
    );
  }
  let batch = records;
  if (ctx.apiVersion < 3 && records !== null) {
    const converted = upConvert(records, cluster.now());
    if (typeof converted === 'string') {
      return result(index, ErrorCode.CORRUPT_MESSAGE, `${p.label}: ${converted}`);
    }
    if (typeof converted === 'number') {
      return result(index, converted, `${p.label}: only none and gzip compression are supported`);
    }
    batch = converted;
  }
  const check = validateProducedBatch(batch, topic.numericConfig('max.message.bytes'));
  if (!check.ok) return result(index, check.code, `${p.label}@${p.highWatermark}: ${check.reason}`);
  const h = check.header;
  if (h.producerId >= 0n) {
    const txnError = cluster.transactions.checkProduce(
      h.producerId,
      h.producerEpoch,
      p,
      isTransactional(h),
    );
    if (txnError !== undefined)
      return result(index, txnError.code, `${p.label}: ${txnError.reason}`);
  }
  const seq = p.producers.check(h);
  if (seq.kind === 'error') {
    return result(index, seq.code, `${p.label}: producer ${h.producerId}: ${seq.reason}`);
  }
  const baseOffset = seq.kind === 'duplicate' ? seq.baseOffset : p.append(check.bytes, h);
  return {
    index,
    errorCode: ErrorCode.NONE,
    baseOffset: BigInt(baseOffset),
    logAppendTimeMs: -1n,
    logStartOffset: BigInt(p.logStartOffset),
  };
}

export default defineApi<ProduceRequest, ProduceResponse>({
  key: 0,
  name: 'Produce',
  minVersion: 0,
  maxVersion: 9,
  request: ProduceRequest,
  response: ProduceResponse,
  handle(ctx, req) {
    const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
    const responses = req.topicData.map((t) => ({
      name: t.name,
      partitionResponses: t.partitionData.map((pd) =>
        validAcks
          ? produceOne(ctx, ctx.cluster, t.name, pd.index, pd.records)
          : result(
              pd.index,
              ErrorCode.INVALID_REQUIRED_ACKS,
              `acks must be 0, 1 or -1, got ${req.acks}`,
            ),
      ),
    }));
    // acks=0: the client does not read a response (kafkajs sets expectResponse=false).
    if (req.acks === 0) return undefined;
    return { responses, throttleTimeMs: 0 };
  },
  errorResponse(_ctx, req, errorCode) {
    if (req.acks === 0) return undefined;
    return {
      responses: req.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((pd) => result(pd.index, errorCode)),
      })),
      throttleTimeMs: 0,
    };
  },
});
