/**
 * AddPartitionsToTxn: v0-3
 *
 * Behavior:
 * - Must reach the transactional id's coordinator (else NOT_COORDINATOR for every
 *   partition); the id must map to the producer id (INVALID_PRODUCER_ID_MAPPING) at its
 *   current epoch (INVALID_PRODUCER_EPOCH).
 * - Adds the partitions and moves the transaction to Ongoing, starting its timeout. If any
 *   partition is unknown it gets UNKNOWN_TOPIC_OR_PARTITION, the others
 *   OPERATION_NOT_ATTEMPTED, and nothing is added, as in Kafka.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 allows PRODUCER_FENCED (still answered as
 *   INVALID_PRODUCER_EPOCH here); v3 is flexible. v4+ (batched, broker-to-broker) are not
 *   advertised. kafkajs uses v1, librdkafka v0.
 */
import { ErrorCode } from '../errors.js';
import type { PartitionLog } from '../PartitionLog.js';
import {
  AddPartitionsToTxnRequest,
  AddPartitionsToTxnResponse,
} from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

const OPERATION_NOT_ATTEMPTED = 55;

function resultsWith(
  req: AddPartitionsToTxnRequest,
  code: (topic: string, partition: number) => number,
): AddPartitionsToTxnResponse {
  return {
    throttleTimeMs: 0,
    resultsByTopicV3AndBelow: req.v3AndBelowTopics.map((t) => ({
      name: t.name,
      resultsByPartition: t.partitions.map((p) => ({
        partitionIndex: p,
        partitionErrorCode: code(t.name, p),
      })),
    })),
  };
}

export default defineApi<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  key: 24,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 3,
  request: AddPartitionsToTxnRequest,
  response: AddPartitionsToTxnResponse,
  handle(ctx, req) {
    const { cluster } = ctx;
    const txnId = req.v3AndBelowTransactionalId;
    if (cluster.transactions.coordinatorFor(txnId) !== ctx.broker.id) {
      return resultsWith(req, () => ErrorCode.NOT_COORDINATOR);
    }
    const txn = cluster.transactions.check(
      txnId,
      req.v3AndBelowProducerId,
      req.v3AndBelowProducerEpoch,
    );
    if (typeof txn === 'number') return resultsWith(req, () => txn);
    const partitions: PartitionLog[] = [];
    let hasUnknown = false;
    for (const t of req.v3AndBelowTopics) {
      for (const index of t.partitions) {
        const p = cluster.partition(t.name, index);
        if (p === undefined) hasUnknown = true;
        else partitions.push(p);
      }
    }
    if (hasUnknown) {
      return resultsWith(req, (topic, p) =>
        cluster.partition(topic, p) === undefined
          ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
          : OPERATION_NOT_ATTEMPTED,
      );
    }
    cluster.transactions.addPartitions(txn, partitions);
    return resultsWith(req, () => ErrorCode.NONE);
  },
  errorResponse(_ctx, req, errorCode) {
    return resultsWith(req, () => errorCode);
  },
});
