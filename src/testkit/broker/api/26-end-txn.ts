/**
 * EndTxn: v0-3
 *
 * Behavior:
 * - Must reach the transactional id's coordinator (NOT_COORDINATOR); the id must map to the
 *   producer id (INVALID_PRODUCER_ID_MAPPING) at its epoch (INVALID_PRODUCER_EPOCH).
 * - Ongoing: writes a COMMIT or ABORT control batch to every partition the producer wrote
 *   to in the transaction, before answering, so the data is readable (or skipped) at once
 *   and each partition's LSO moves past it; aborts enter the aborted-transaction index.
 *   Offsets staged by TxnOffsetCommit are then committed or dropped through the group
 *   module's hooks.
 * - A retry after completion with the same outcome → NONE; the opposite outcome, or a
 *   transaction that never started → INVALID_TXN_STATE.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 allows PRODUCER_FENCED (answered as
 *   INVALID_PRODUCER_EPOCH here); v3 is flexible. kafkajs and librdkafka use v1.
 */
import { ErrorCode } from '../errors.js';
import { EndTxnRequest, EndTxnResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<EndTxnRequest, EndTxnResponse>({
  key: 26,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 3,
  request: EndTxnRequest,
  response: EndTxnResponse,
  handle(ctx, req) {
    const { transactions } = ctx.cluster;
    if (transactions.coordinatorFor(req.transactionalId) !== ctx.broker.id) {
      return { throttleTimeMs: 0, errorCode: ErrorCode.NOT_COORDINATOR };
    }
    const txn = transactions.check(req.transactionalId, req.producerId, req.producerEpoch);
    if (typeof txn === 'number') return { throttleTimeMs: 0, errorCode: txn };
    return { throttleTimeMs: 0, errorCode: transactions.endTxn(txn, req.committed) };
  },
  errorResponse(_ctx, _req, errorCode) {
    return { throttleTimeMs: 0, errorCode };
  },
});
