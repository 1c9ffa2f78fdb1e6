/**
 * DescribeConfigs: v0-4
 *
 * Behavior:
 * - Topics (resource type 2): every known topic config (topicConfig.ts) or the requested
 *   keys; overrides report source TOPIC_CONFIG, the rest DEFAULT_CONFIG. Unknown keys are
 *   left out, as Kafka does. A missing topic → UNKNOWN_TOPIC_OR_PARTITION.
 * - Brokers (resource type 4): a few read-only static settings (broker.id, num.partitions,
 *   auto.create.topics.enable, default.replication.factor).
 * - Other resource types → INVALID_REQUEST.
 *
 * Version notes:
 * - v0 reports is_default; v1 replaces it with config_source and adds synonyms (sent when
 *   include_synonyms is set: the override, then the default); v2 is v1 with throttling;
 *   v3 adds config_type and documentation (when include_documentation is set); v4 is
 *   flexible. kafkajs uses v2.
 */
import type { Cluster } from '../Cluster.js';
import { ErrorCode } from '../errors.js';
import {
  DescribeConfigsRequest,
  DescribeConfigsResponse,
  type DescribeConfigsRequestResource,
  type DescribeConfigsResponseResourceResult,
  type DescribeConfigsResponseResult,
} from '../protocol/messages.generated.js';
import { ConfigSource, ConfigType, ResourceType, TOPIC_CONFIGS } from '../topicConfig.js';
import { defineApi, type RequestContext } from './registry.js';

interface Entry {
  readonly name: string;
  readonly value: string;
  readonly defaultValue: string;
  readonly isOverride: boolean;
  readonly readOnly: boolean;
  readonly type: number;
  readonly doc: string;
}

function brokerEntries(cluster: Cluster, brokerId: number): Entry[] {
  const staticConfig = (name: string, value: string, type: number, doc: string): Entry => ({
    name,
    value,
    defaultValue: value,
    isOverride: false,
    readOnly: true,
    type,
    doc,
  });
  return [
    staticConfig('broker.id', String(brokerId), ConfigType.int, 'This broker.'),
    staticConfig(
      'num.partitions',
      String(cluster.options.defaultPartitions),
      ConfigType.int,
      'Partitions of auto-created topics.',
    ),
    staticConfig(
      'auto.create.topics.enable',
      String(cluster.options.autoCreateTopics),
      ConfigType.boolean,
      'Whether Metadata creates missing topics.',
    ),
    staticConfig(
      'default.replication.factor',
      String(Math.min(3, cluster.brokers.length)),
      ConfigType.int,
      'Replicas of topics created without a replication factor.',
    ),
  ];
}

function entries(ctx: RequestContext, res: DescribeConfigsRequestResource): Entry[] | number {
  if (res.resourceType === ResourceType.broker) {
    const id = Number(res.resourceName);
    if (ctx.cluster.broker(id) === undefined) return ErrorCode.INVALID_REQUEST;
    return brokerEntries(ctx.cluster, id);
  }
  if (res.resourceType !== ResourceType.topic) return ErrorCode.INVALID_REQUEST;
  const topic = ctx.cluster.topics.get(res.resourceName);
  if (topic === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
  return [...TOPIC_CONFIGS.values()].map((def) => ({
    name: def.name,
    value: topic.config(def.name),
    defaultValue: def.defaultValue,
    isOverride: topic.configs.has(def.name),
    readOnly: false,
    type: def.type,
    doc: def.doc,
  }));
}

function describe(
  ctx: RequestContext,
  req: DescribeConfigsRequest,
  res: DescribeConfigsRequestResource,
): DescribeConfigsResponseResult {
  const found = entries(ctx, res);
  const base = { resourceType: res.resourceType, resourceName: res.resourceName };
  if (typeof found === 'number') {
    return {
      ...base,
      errorCode: found,
      errorMessage: `cannot describe ${res.resourceName}`,
      configs: [],
    };
  }
  const wanted = res.configurationKeys === null ? undefined : new Set(res.configurationKeys);
  const source = (e: Entry): number =>
    e.isOverride
      ? ConfigSource.topic
      : e.readOnly
        ? ConfigSource.staticBroker
        : ConfigSource.default;
  const configs = found
    .filter((e) => wanted?.has(e.name) ?? true)
    .map((e): DescribeConfigsResponseResourceResult => ({
      name: e.name,
      value: e.value,
      readOnly: e.readOnly,
      isDefault: !e.isOverride && !e.readOnly,
      configSource: source(e),
      isSensitive: false,
      synonyms: req.includeSynonyms
        ? [
            ...(e.isOverride ? [{ name: e.name, value: e.value, source: ConfigSource.topic }] : []),
            {
              name: e.name,
              value: e.defaultValue,
              source: e.readOnly ? ConfigSource.staticBroker : ConfigSource.default,
            },
          ]
        : [],
      configType: e.type,
      documentation: req.includeDocumentation ? e.doc : null,
    }));
  return { ...base, errorCode: ErrorCode.NONE, errorMessage: null, configs };
}

export default defineApi<DescribeConfigsRequest, DescribeConfigsResponse>({
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 4,
  request: DescribeConfigsRequest,
  response: DescribeConfigsResponse,
  handle(ctx, req) {
    return { throttleTimeMs: 0, results: req.resources.map((r) => describe(ctx, req, r)) };
  },
  errorResponse(_ctx, req, errorCode) {
    return {
      throttleTimeMs: 0,
      results: req.resources.map((r) => ({
        errorCode,
        errorMessage: null,
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        configs: [],
      })),
    };
  },
});
