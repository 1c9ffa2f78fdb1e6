/**
 * Metadata: v0-6
 *
 * Behavior:
 * - Lists live brokers only; the controller is the lowest live broker id, so it is always
 *   one of the listed brokers (kafkajs requires that).
 * - Null topics (v1+) or an empty list (v0) means every topic.
 * - A missing topic is auto-created with the default partition count when the cluster
 *   allows it and the request does (allow_auto_topic_creation, v4+; always for v0-3);
 *   otherwise UNKNOWN_TOPIC_OR_PARTITION. Creation is instant, so the reply never needs
 *   LEADER_NOT_AVAILABLE for a new topic.
 * - A partition whose replicas are all on stopped brokers reports leader -1 with
 *   LEADER_NOT_AVAILABLE; replicas on stopped brokers leave the ISR and, from v5, are listed
 *   as offline.
 * - Topic ids, leader epochs (v7+) and authorized operations (v8+) are not advertised.
 *
 * Version notes:
 * - v1 adds rack, controller id and is_internal; v2 the cluster id; v3 throttle time;
 *   v4 allow_auto_topic_creation; v5 offline replicas; v6 is v5 with KIP-219 throttling.
 */
import type { PartitionLog } from '../PartitionLog.js';
import { ErrorCode } from '../errors.js';
import {
  MetadataRequest,
  MetadataResponse,
  type MetadataResponseTopic,
} from '../protocol/messages.generated.js';
import type { Cluster } from '../Cluster.js';
import { invalidTopicName } from '../topics.js';
import { defineApi } from './registry.js';

function partitionMetadata(cluster: Cluster, p: PartitionLog) {
  const leader = cluster.leaderOf(p);
  const live = p.replicas.filter((id) => cluster.broker(id)?.isUp === true);
  return {
    errorCode: leader === -1 ? ErrorCode.LEADER_NOT_AVAILABLE : ErrorCode.NONE,
    partitionIndex: p.index,
    leaderId: leader,
    replicaNodes: [...p.replicas],
    isrNodes: live,
    offlineReplicas: p.replicas.filter((id) => !live.includes(id)),
  };
}

function topicMetadata(cluster: Cluster, name: string, autoCreate: boolean): MetadataResponseTopic {
  const bad = invalidTopicName(name);
  if (bad !== undefined) {
    return { errorCode: ErrorCode.INVALID_TOPIC_EXCEPTION, name, partitions: [] };
  }
  const topic = cluster.topicOrAutoCreate(name, autoCreate);
  if (topic === undefined) {
    return { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, partitions: [] };
  }
  return {
    errorCode: ErrorCode.NONE,
    name,
    isInternal: false,
    partitions: topic.partitions.map((p) => partitionMetadata(cluster, p)),
  };
}

export default defineApi<MetadataRequest, MetadataResponse>({
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  request: MetadataRequest,
  response: MetadataResponse,
  handle(ctx, req) {
    const { cluster } = ctx;
    const all = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0);
    const names = all
      ? [...cluster.topics.keys()].sort()
      : (req.topics ?? []).map((t) => t.name ?? '');
    const autoCreate = ctx.apiVersion < 4 || req.allowAutoTopicCreation;
    return {
      throttleTimeMs: 0,
      brokers: cluster
        .liveBrokers()
        .map((b) => ({ nodeId: b.id, host: b.host, port: b.port, rack: null })),
      clusterId: cluster.clusterId,
      controllerId: cluster.controllerId(),
      topics: names.map((name) => topicMetadata(cluster, name, !all && autoCreate)),
    };
  },
  errorResponse(ctx, req, errorCode) {
    return {
      brokers: ctx.cluster.liveBrokers().map((b) => ({ nodeId: b.id, host: b.host, port: b.port })),
      controllerId: ctx.cluster.controllerId(),
      topics: (req.topics ?? []).map((t) => ({ errorCode, name: t.name ?? '', partitions: [] })),
    };
  },
});
