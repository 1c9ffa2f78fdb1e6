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
  /**
   * How many fetches of one partition the client buffers: 1 pauses a partition as soon as its
   * fetch is delivered; 2 lets the next fetch run while the client drains the current one, so
   * kafkajs's fetch loop does not sleep `maxWaitTimeInMs` whenever every partition is paused.
   */
  readonly fetchesPerPartition: 1 | 2;
  /** Whether this client reads the partition. */
  owns(topic: string, partition: number): boolean;
  /** A fetch of one of its partitions; counted against `fetchesPerPartition` until `release`. */
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
