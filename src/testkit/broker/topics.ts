/**
 * Topics: a name, an id, partitions and config overrides, plus the name rules Kafka applies.
 */
import { randomUUID } from 'node:crypto';
import type { LogConfig } from './LogSegments.js';
import { PartitionLog } from './PartitionLog.js';
import { TOPIC_CONFIGS } from './topicConfig.js';

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_NAME_LENGTH = 249;

/** Why `name` is not a legal topic name, or undefined if it is (Kafka's `Topic.validate`). */
export function invalidTopicName(name: string): string | undefined {
  if (name.length === 0) return 'topic name is empty';
  if (name === '.' || name === '..') return `topic name '${name}' is not allowed`;
  if (name.length > MAX_NAME_LENGTH) {
    return `topic name is ${name.length} characters, the limit is ${MAX_NAME_LENGTH}`;
  }
  if (!LEGAL_NAME.test(name)) {
    return `topic name '${name}' may contain only ASCII letters, digits, '.', '_' and '-'`;
  }
  return undefined;
}

export class Topic {
  readonly partitions: PartitionLog[] = [];
  /** Replicas per partition; leadership falls to the next live replica when a broker stops. */
  replicationFactor = 1;

  constructor(
    readonly name: string,
    /** Topic id (KIP-516), reported by Metadata v10+ and CreateTopics v7+. */
    readonly id: string = randomUUID(),
    /** Config overrides only; defaults come from {@link TOPIC_CONFIGS}. */
    readonly configs = new Map<string, string>(),
  ) {}

  /** The effective value of a config: the override or the default. */
  config(name: string): string {
    return this.configs.get(name) ?? TOPIC_CONFIGS.get(name)?.defaultValue ?? '';
  }

  /** A numeric config, parsed (retention values may exceed int32). */
  numericConfig(name: string): number {
    return Number(this.config(name));
  }

  /** The configs that roll and delete this topic's segments, as they are now. */
  logConfig(): LogConfig {
    return {
      segmentBytes: this.numericConfig('segment.bytes'),
      segmentMs: this.numericConfig('segment.ms'),
      retentionMs: this.numericConfig('retention.ms'),
      retentionBytes: this.numericConfig('retention.bytes'),
    };
  }

  /** A new partition log of this topic, rolling and retained by its configs. */
  newPartition(index: number, replicas: number[]): PartitionLog {
    return new PartitionLog(this.name, index, replicas, () => this.logConfig());
  }

  partition(index: number): PartitionLog | undefined {
    return this.partitions[index];
  }
}
