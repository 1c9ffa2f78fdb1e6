import type { KafkaMessage } from 'kafkajs';
import type { TopicPartition } from '../TopicPartition.js';

/** @internal One fetch of one partition, handed to the stage that reads the partition. */
export interface FetchedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly messages: readonly KafkaMessage[];
}

/**
 * @internal A source stage attached to a consumer driver. The driver calls these from outside the
 * stream; implementations forward through async callbacks.
 */
export interface DriverClient {
  /** Whether this client reads the partition. */
  owns(topic: string, partition: number): boolean;
  /** A fetch of one of its partitions; the partition stays paused until `release`. */
  deliver(batch: FetchedBatch): void;
  /** Partitions newly assigned to the consumer (those it owns). */
  assigned(partitions: readonly TopicPartition[]): void;
  /** Drop every buffered record of the partitions; resolves once nothing of them is left. */
  revoke(partitions: readonly TopicPartition[]): Promise<void>;
  /** The consumer failed for good. */
  consumerFailed(error: Error): void;
}

/**
 * @internal A party that holds offsets it has not committed yet (a Committer stage): asked to
 * commit them before partitions are revoked or the consumer stops.
 */
export type FlushListener = () => Promise<void>;
