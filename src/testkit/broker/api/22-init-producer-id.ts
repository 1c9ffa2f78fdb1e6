/**
 * InitProducerId: v0-4
 *
 * Behavior:
 * - Without a transactional id (idempotent producer): a fresh producer id with epoch 0, on
 *   any broker.
 * - With one: must reach the transaction coordinator (`Transactions.coordinatorFor`, what
 *   FindCoordinator key type 1 names), else NOT_COORDINATOR. A new id starts at epoch 0; a
 *   known one has its open transaction aborted (ABORT markers written at once) and its
 *   epoch bumped, which fences the previous producer (INVALID_PRODUCER_EPOCH on its next
 *   request). A new producer id is allocated when the epoch would overflow.
 * - Empty transactional id → INVALID_REQUEST; timeout ≤ 0 or above 900000 ms →
 *   INVALID_TRANSACTION_TIMEOUT.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 is flexible (librdkafka uses it); v3 adds the
 *   current producer id and epoch, which must match the coordinator's (else
 *   INVALID_PRODUCER_EPOCH, as Kafka sends below v4 and kafkajs knows); v4 is v3.
 */
import { ErrorCode } from '../errors.js';
import { InitProducerIdRequest, InitProducerIdResponse } from '../protocol/messages.generated.js';
import { defineApi } from './registry.js';

export default defineApi<InitProducerIdRequest, InitProducerIdResponse>({
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 4,
  request: InitProducerIdRequest,
  response: InitProducerIdResponse,
  handle(ctx, req) {
    const { transactions } = ctx.cluster;
    const txnId = req.transactionalId;
    if (txnId !== null && txnId !== '' && transactions.coordinatorFor(txnId) !== ctx.broker.id) {
      return this.errorResponse(ctx, req, ErrorCode.NOT_COORDINATOR);
    }
    const result = transactions.initProducerId(txnId, req.transactionTimeoutMs, {
      producerId: req.producerId,
      epoch: req.producerEpoch,
    });
    return {
      throttleTimeMs: 0,
      errorCode: result.errorCode,
      producerId: result.producerId,
      producerEpoch: result.epoch,
    };
  },
  errorResponse(_ctx, _req, errorCode) {
    return { throttleTimeMs: 0, errorCode, producerId: -1n, producerEpoch: -1 };
  },
});
