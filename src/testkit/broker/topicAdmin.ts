/**
 * Checks behind topic administration (CreateTopics, CreatePartitions, AlterConfigs, and
 * `EmbeddedKafka.createTopic`): names, partition counts, replication factors, manual
 * assignments and configs. Nothing here mutates; `Cluster` applies a plan that passed.
 */
import type { Cluster } from './Cluster.js';
import { ErrorCode } from './errors.js';
import { checkTopicConfig } from './topicConfig.js';
import { invalidTopicName, type Topic } from './topics.js';

/**
 * Partitions per topic. Kafka has no fixed limit, but one request must not be able to make
 * a test broker allocate millions of logs.
 */
export const MAX_PARTITIONS = 10_000;

/** Outcome of a topic or partition change: NONE, or an error code with a message. */
export interface ChangeResult {
  readonly errorCode: number;
  readonly message: string | null;
}

export const OK: ChangeResult = { errorCode: ErrorCode.NONE, message: null };

export function fail(errorCode: number, message: string): ChangeResult {
  return { errorCode, message };
}

/** What {@link Cluster.createTopic} accepts; every field has a broker default. */
export interface TopicSpec {
  /** -1 or absent: the cluster's default partition count. */
  readonly partitions?: number;
  /** -1 or absent: min(3, brokers). */
  readonly replicationFactor?: number;
  readonly configs?: ReadonlyMap<string, string>;
  /** Manual replica lists, one per partition; they fix the count and replication factor. */
  readonly assignments?: readonly (readonly number[])[];
  readonly validateOnly?: boolean;
}

/** A topic creation that passed every check. */
export interface TopicPlan {
  readonly count: number;
  readonly replicationFactor: number;
  readonly assignments: readonly (readonly number[])[];
}

/** Why manual replica assignments are unusable, or undefined. */
function invalidAssignment(
  brokers: number,
  assignments: readonly (readonly number[])[],
): string | undefined {
  for (const [i, replicas] of assignments.entries()) {
    if (replicas.length === 0) return `partition ${i} has no replicas`;
    if (new Set(replicas).size !== replicas.length) return `partition ${i} repeats a broker`;
    const unknown = replicas.find((id) => !Number.isInteger(id) || id < 0 || id >= brokers);
    if (unknown !== undefined) return `partition ${i} names unknown broker ${unknown}`;
  }
  return undefined;
}

/** The first config that cannot be set, as INVALID_CONFIG. */
export function checkConfigs(
  configs: Iterable<readonly [string, string | null]>,
): ChangeResult | undefined {
  for (const [k, v] of configs) {
    const reason = checkTopicConfig(k, v);
    if (reason !== undefined) return fail(ErrorCode.INVALID_CONFIG, reason);
  }
  return undefined;
}

/** Checks a new topic and works out its partition count and replication factor. */
export function planTopic(
  cluster: Cluster,
  name: string,
  spec: TopicSpec,
): TopicPlan | ChangeResult {
  const bad = invalidTopicName(name);
  if (bad !== undefined) return fail(ErrorCode.INVALID_TOPIC_EXCEPTION, bad);
  if (cluster.topics.has(name)) {
    return fail(ErrorCode.TOPIC_ALREADY_EXISTS, `topic '${name}' already exists`);
  }
  const brokers = cluster.brokers.length;
  const assignments = spec.assignments ?? [];
  const badAssignment = invalidAssignment(brokers, assignments);
  if (badAssignment !== undefined) return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, badAssignment);
  const requested = spec.partitions ?? -1;
  const count =
    assignments.length > 0
      ? assignments.length
      : requested === -1
        ? cluster.options.defaultPartitions
        : requested;
  if (!Number.isInteger(count) || count < 1 || count > MAX_PARTITIONS) {
    return fail(
      ErrorCode.INVALID_PARTITIONS,
      `partition count must be between 1 and ${MAX_PARTITIONS}, got ${count}`,
    );
  }
  const requestedRf = spec.replicationFactor ?? -1;
  const replicationFactor =
    assignments[0]?.length ?? (requestedRf === -1 ? Math.min(3, brokers) : requestedRf);
  if (replicationFactor < 1 || replicationFactor > brokers) {
    return fail(
      ErrorCode.INVALID_REPLICATION_FACTOR,
      `replication factor must be between 1 and ${brokers}, got ${replicationFactor}`,
    );
  }
  return checkConfigs(spec.configs ?? []) ?? { count, replicationFactor, assignments };
}

/** Why `topic` cannot grow to `count` partitions, or undefined. */
export function checkNewPartitions(
  cluster: Cluster,
  name: string,
  topic: Topic | undefined,
  count: number,
  assignments: readonly (readonly number[])[],
): ChangeResult | undefined {
  if (topic === undefined) {
    return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic '${name}' does not exist`);
  }
  if (count > MAX_PARTITIONS) {
    return fail(
      ErrorCode.INVALID_PARTITIONS,
      `partition count must be at most ${MAX_PARTITIONS}, got ${count}`,
    );
  }
  if (count <= topic.partitions.length) {
    return fail(
      ErrorCode.INVALID_PARTITIONS,
      `topic '${name}' has ${topic.partitions.length} partitions; the new count must be larger, got ${count}`,
    );
  }
  const added = count - topic.partitions.length;
  if (assignments.length > 0 && assignments.length !== added) {
    return fail(
      ErrorCode.INVALID_REPLICA_ASSIGNMENT,
      `${assignments.length} assignments for ${added} new partitions`,
    );
  }
  const badAssignment = invalidAssignment(cluster.brokers.length, assignments);
  return badAssignment === undefined
    ? undefined
    : fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, badAssignment);
}
