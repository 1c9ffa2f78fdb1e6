/**
 * DescribeConfigs: v0-4
 *
 * Behavior:
 * - Topics (resource type 2): every topic config of Kafka 3.9 (topicConfig.ts), in Kafka's
 *   definition order, or the requested keys (unknown keys are left out, as Kafka does). An
 *   override reports source TOPIC_CONFIG, the rest DEFAULT_CONFIG with isDefault set; none is
 *   read-only or sensitive. A missing topic → UNKNOWN_TOPIC_OR_PARTITION; an illegal name →
 *   INVALID_TOPIC_EXCEPTION.
 * - Brokers (resource type 4): a broker id describes that broker's configs (brokerConfig.ts):
 *   dynamic ones set by AlterConfigs (DYNAMIC_BROKER_CONFIG, DYNAMIC_DEFAULT_BROKER_CONFIG),
 *   what the cluster was started with (STATIC_BROKER_CONFIG) and Kafka's defaults
 *   (DEFAULT_CONFIG); read_only is set on those that cannot change at run time. The name ""
 *   describes the cluster-wide dynamic defaults only. A name that is not a broker id →
 *   INVALID_REQUEST.
 * - Other resource types (broker loggers, client metrics) → INVALID_REQUEST.
 *
 * Version notes:
 * - v0 reports is_default; v1 replaces it with config_source and adds synonyms (sent when
 *   include_synonyms is set: the override, then the broker synonym with its default); v2 is
 *   v1 with throttling; v3 adds config_type and documentation (when include_documentation is
 *   set); v4 is flexible. kafkajs uses v2.
 */
import { describeBroker, type BrokerConfigEntry } from '../brokerConfig.js';
import { ErrorCode } from '../errors.js';
import {
  DescribeConfigsRequest,
  DescribeConfigsResponse,
  type DescribeConfigsRequestResource,
  type DescribeConfigsResponseResourceResult,
  type DescribeConfigsResponseResult,
} from '../protocol/messages.generated.js';
import { ConfigSource, ResourceType, TOPIC_CONFIGS } from '../topicConfig.js';
import { invalidTopicName } from '../topics.js';
import { defineApi, type RequestContext } from './registry.js';

interface Entry extends BrokerConfigEntry {
  readonly doc: string;
}

interface Refusal {
  readonly errorCode: number;
  readonly errorMessage: string;
}

function topicEntries(ctx: RequestContext, name: string): Entry[] | Refusal {
  const illegal = invalidTopicName(name);
  if (illegal !== undefined)
    return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, errorMessage: illegal };
  const topic = ctx.cluster.topics.get(name);
  if (topic === undefined) {
    return {
      errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
      errorMessage: `topic '${name}' does not exist`,
    };
  }
  return [...TOPIC_CONFIGS.values()].map((def) => {
    const override = topic.configs.get(def.name);
    const synonyms = [];
    if (override !== undefined) {
      synonyms.push({ name: def.name, value: override, source: ConfigSource.topic });
    }
    if (def.synonym !== undefined) {
      const [name, value] = def.synonym;
      synonyms.push({ name, value, source: ConfigSource.default });
    }
    return {
      name: def.name,
      value: override ?? def.defaultValue,
      type: def.type,
      source: override === undefined ? ConfigSource.default : ConfigSource.topic,
      readOnly: false,
      synonyms,
      doc: def.doc,
    };
  });
}

function entries(ctx: RequestContext, res: DescribeConfigsRequestResource): Entry[] | Refusal {
  if (res.resourceType === ResourceType.topic) return topicEntries(ctx, res.resourceName);
  if (res.resourceType !== ResourceType.broker) {
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `Unsupported resource type: ${res.resourceType}`,
    };
  }
  if (res.resourceName === '') {
    return describeBroker(ctx.cluster, undefined).map((e) => ({ ...e, doc: '' }));
  }
  const id = /^\d+$/.test(res.resourceName) ? Number(res.resourceName) : -1;
  if (ctx.cluster.broker(id) === undefined) {
    return {
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: `Broker id must be one of 0..${ctx.cluster.brokers.length - 1} or empty, got '${res.resourceName}'`,
    };
  }
  return describeBroker(ctx.cluster, id).map((e) => ({ ...e, doc: '' }));
}

function describe(
  ctx: RequestContext,
  req: DescribeConfigsRequest,
  res: DescribeConfigsRequestResource,
): DescribeConfigsResponseResult {
  const found = entries(ctx, res);
  const base = { resourceType: res.resourceType, resourceName: res.resourceName };
  if (!Array.isArray(found)) return { ...base, ...found, configs: [] };
  const wanted =
    res.configurationKeys === null || res.configurationKeys.length === 0
      ? undefined
      : new Set(res.configurationKeys);
  const configs = found
    .filter((e) => wanted?.has(e.name) ?? true)
    .map((e): DescribeConfigsResponseResourceResult => ({
      name: e.name,
      value: e.value,
      readOnly: e.readOnly,
      isDefault: e.source === ConfigSource.default,
      configSource: e.source,
      isSensitive: false,
      synonyms: req.includeSynonyms ? [...e.synonyms] : [],
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
