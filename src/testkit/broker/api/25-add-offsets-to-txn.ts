/**
 * AddOffsetsToTxn: v0-3
 *
 * Behavior:
 * - Must reach the transactional id's coordinator (NOT_COORDINATOR); the id must map to the
 *   producer id (INVALID_PRODUCER_ID_MAPPING) at its epoch (INVALID_PRODUCER_EPOCH).
 * - Records the group in the transaction and moves it to Ongoing. The offsets themselves
 *   arrive with TxnOffsetCommit at the group coordinator.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 allows PRODUCER_FENCED (answered as
 *   INVALID_PRODUCER_EPOCH here); v3 is flexible. kafkajs uses v1, librdkafka v0.
 */
import { ErrorCode } from '../errors.js';
import { AddOffsetsToTxnRequest, AddOffsetsToTxnResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  key: 25,
  name: 'AddOffsetsToTxn',
  minVersion: 0,
  maxVersion: 3,
  request: AddOffsetsToTxnRequest,
  response: AddOffsetsToTxnResponse,
  handle(ctx, req) {
    const { transactions } = ctx.cluster;
    if (transactions.coordinatorFor(req.transactionalId) !== ctx.broker.id) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR };
    }
    const txn = transactions.check(req.transactionalId, req.producerId, req.producerEpoch);
    if (typeof txn === 'number') return { throttleTimeMs: 0, errorCode: txn };
    transactions.addOffsets(txn, req.groupId);
    return { throttleTimeMs: 0, errorCode: ErrorCode.NONE };
  },
  errorResponse(_ctx, _req, errorCode) {
    return { throttleTimeMs: 0, errorCode };
  },
});
