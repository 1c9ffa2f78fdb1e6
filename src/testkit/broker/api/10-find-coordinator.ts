/**
 * FindCoordinator: v0-2
 *
 * Behavior:
 * - key_type 0 (group): the live broker chosen by a Java string hash of the group id over the
 *   live brokers (`groupCoordinatorNode`); every group request checks the same choice and
 *   answers NOT_COORDINATOR elsewhere. Group state is cluster-wide, so when a broker stops
 *   its groups simply move.
 * - key_type 1 (transaction): the broker the transaction coordinator names
 *   (`Transactions.coordinatorFor`), which its own handlers check.
 * - An empty key or another key type is INVALID_REQUEST; no live broker is
 *   COORDINATOR_NOT_AVAILABLE (node -1).
 *
 * Version notes:
 * - v0 has no key_type (always a group); v1 adds key_type, throttle_time_ms (always 0) and
 *   error_message; v2 is v1.
 * - v3 (flexible) and v4+ (batched coordinator_keys) are not advertised: both kafkajs 2.2.4
 *   and librdkafka 2.0.2 stop at v2.
 */
import type { BrokerNode, Cluster } from '../Cluster.js';
import { ErrorCode } from '../errors.js';
import {
  FindCoordinatorRequest,
  FindCoordinatorResponse,
  type FindCoordinatorResponse as FindCoordinatorResponseBody,
} from '../protocol/messages.generated.js';
import { groupCoordinatorNode } from '../groups/groupCoordinatorKey.js';
import { defineApi } from './registry.js';

const GROUP = 0;
const TRANSACTION = 1;

function errorResponse(errorCode: number, message: string | null): FindCoordinatorResponseBody {
  return { throttleTimeMs: 0, errorCode, errorMessage: message, nodeId: -1, host: '', port: -1 };
}

function coordinatorFor(cluster: Cluster, keyType: number, key: string): BrokerNode | undefined {
  if (keyType === GROUP) return groupCoordinatorNode(cluster, key);
  const id = cluster.transactions.coordinatorFor(key);
  return id === -1 ? undefined : cluster.broker(id);
}

export default defineApi({
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  request: FindCoordinatorRequest,
  response: FindCoordinatorResponse,
  handle(ctx, req) {
    const keyType = ctx.apiVersion === 0 ? GROUP : req.keyType;
    if (keyType !== GROUP && keyType !== TRANSACTION) {
      return errorResponse(ErrorCode.INVALID_REQUEST, `unknown coordinator key type ${keyType}`);
    }
    if (req.key === '') {
      return errorResponse(ErrorCode.INVALID_REQUEST, 'the coordinator key must not be empty');
    }
    const node = coordinatorFor(ctx.cluster, keyType, req.key);
    if (node === undefined) {
      return errorResponse(ErrorCode.COORDINATOR_NOT_AVAILABLE, 'no broker is up');
    }
    return {
      throttleTimeMs: 0,
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      nodeId: node.id,
      host: node.host,
      port: node.port,
    };
  },
  errorResponse: (_ctx, _req, errorCode) => errorResponse(errorCode, null),
});
