/** A partition of a topic, as Kafka names it. */
export interface TopicPartition {
  readonly topic: string;
  readonly partition: number;
}

/** @internal A map key for a topic-partition; topic names cannot contain `/`. */
export function tpKey(topic: string, partition: number): string {
  return `${topic}/${partition}`;
}

/** `topic/partition`, the way errors and logs write a partition. */
export function formatTopicPartition(tp: TopicPartition): string {
  return `${tp.topic}/${tp.partition}`;
}
