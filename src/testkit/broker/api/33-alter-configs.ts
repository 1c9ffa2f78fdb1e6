/**
 * AlterConfigs: v0-2
 *
 * Behavior:
 * - Topics: replaces the topic's whole set of overrides with the listed configs (the
 *   non-incremental semantics of AlterConfigs; configs not listed return to their
 *   defaults). Values are checked first (INVALID_CONFIG, nothing changes); a missing topic
 *   → UNKNOWN_TOPIC_OR_PARTITION. retention.ms, retention.bytes, cleanup.policy (stored;
 *   compaction is not implemented) and max.message.bytes take effect at once.
 * - Broker configs are read-only here → INVALID_REQUEST; other resource types too.
 * - validate_only checks without changing anything.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 is flexible. kafkajs uses v1.
 */
import { ErrorCode } from '../errors.js';
import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  type AlterConfigsRequestResource,
} from '../protocol/messages.generated.js';
import { ResourceType } from '../topicConfig.js';
import { defineApi, type RequestContext } from './registry.js';

function alter(ctx: RequestContext, res: AlterConfigsRequestResource, validateOnly: boolean) {
  const base = { resourceType: res.resourceType, resourceName: res.resourceName };
  if (res.resourceType !== ResourceType.topic) {
    return {
      ...base,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `resource type ${res.resourceType} cannot be altered; only topic configs can`,
    };
  }
  const configs = new Map(res.configs.map((c) => [c.name, c.value]));
  const result = ctx.cluster.setTopicConfigs(res.resourceName, configs, validateOnly);
  return { ...base, errorCode: result.errorCode, errorMessage: result.message };
}

export default defineApi<AlterConfigsRequest, AlterConfigsResponse>({
  key: 33,
  name: 'AlterConfigs',
  minVersion: 0,
  maxVersion: 2,
  request: AlterConfigsRequest,
  response: AlterConfigsResponse,
  handle(ctx, req) {
    return {
      throttleTimeMs: 0,
      responses: req.resources.map((r) => alter(ctx, r, req.validateOnly)),
    };
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      responses: req.resources.map((r) => ({
        errorCode,
        errorMessage: null,
        resourceType: r.resourceType,
        resourceName: r.resourceName,
      })),
    };
  },
});
