/**
 * AlterConfigs: v0-2
 *
 * Behavior:
 * - Topics: replaces the topic's whole set of overrides with the listed configs (the
 *   non-incremental semantics of AlterConfigs; configs not listed return to their
 *   defaults). Names and values are checked first (INVALID_CONFIG, nothing changes); a
 *   missing topic → UNKNOWN_TOPIC_OR_PARTITION. segment.*, retention.*, cleanup.policy
 *   (stored; compaction is not implemented) and max.message.bytes take effect at once.
 * - Brokers: replaces the dynamic configs of one broker (resource name = its id) or of the
 *   cluster default (name ""). Dynamic configs are checked like Kafka's; a static one
 *   ("Cannot update these configs dynamically") or a bad value → INVALID_REQUEST, as Kafka
 *   answers; names that are not broker configs are stored, as Kafka stores them. A name that
 *   is not a broker id → INVALID_REQUEST. See brokerConfig.ts for what they change.
 * - Other resource types → INVALID_REQUEST.
 * - validate_only checks without changing anything.
 *
 * Version notes:
 * - v1 is v0 with KIP-219 throttling; v2 is flexible. kafkajs uses v1.
 */
import { checkDynamicBrokerConfig, dynamicBrokerConfigsKey } from '../brokerConfig.js';
import { ErrorCode } from '../errors.js';
import {
  AlterConfigsRequest,
  AlterConfigsResponse,
  type AlterConfigsRequestResource,
} from '../protocol/messages.generated.js';
import { ResourceType } from '../topicConfig.js';
import { defineApi, type RequestContext } from './registry.js';

interface Outcome {
  readonly errorCode: number;
  readonly errorMessage: string | null;
}

function alterBroker(
  ctx: RequestContext,
  res: AlterConfigsRequestResource,
  validateOnly: boolean,
): Outcome {
  const id = /^\d+$/.test(res.resourceName) ? Number(res.resourceName) : -1;
  if (res.resourceName !== '' && ctx.cluster.broker(id) === undefined) {
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `Broker id must be one of 0..${ctx.cluster.brokers.length - 1} or empty, got '${res.resourceName}'`,
    };
  }
  for (const c of res.configs) {
    const reason = checkDynamicBrokerConfig(c.name, c.value);
    if (reason !== undefined) return { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: reason };
  }
  if (!validateOnly) {
    const configs = ctx.cluster
      .extension(dynamicBrokerConfigsKey)
      .of(res.resourceName === '' ? undefined : id);
    configs.clear();
    for (const c of res.configs) if (c.value !== null) configs.set(c.name, c.value);
  }
  return { errorCode: ErrorCode.NONE, errorMessage: null };
}

function alter(ctx: RequestContext, res: AlterConfigsRequestResource, validateOnly: boolean) {
  const base = { resourceType: res.resourceType, resourceName: res.resourceName };
  if (res.resourceType === ResourceType.broker) {
    return { ...base, ...alterBroker(ctx, res, validateOnly) };
  }
  if (res.resourceType !== ResourceType.topic) {
    return {
      ...base,
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `Unsupported resource type: ${res.resourceType}`,
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
