import type { EmbeddedKafka } from 'sluice/testkit';

/**
 * The values a `read_committed` consumer can see in `topic/partition` right now: records below the
 * last stable offset that no aborted transaction holds. Read from the broker's log, so a test can
 * assert on exactly what is visible without racing a consumer.
 */
export function readCommitted(kafka: EmbeddedKafka, topic: string, partition = 0): string[] {
  const log = kafka.cluster.partition(topic, partition);
  if (log === undefined) return [];
  const lso = log.lastStableOffset;
  const producerAt = (offset: number): bigint | undefined =>
    log.batches.find((b) => b.baseOffset <= offset && offset <= b.lastOffset)?.producerId;
  return kafka
    .records(topic, partition)
    .filter((r) => {
      if (r.offset >= lso) return false;
      const pid = producerAt(r.offset);
      return !log.abortedTxns.some(
        (a) => a.producerId === pid && a.firstOffset <= r.offset && r.offset <= a.lastOffset,
      );
    })
    .map((r) => r.value?.toString() ?? 'null');
}

/** Every value stored in `topic/partition`, committed, aborted or open. */
export function readUncommitted(kafka: EmbeddedKafka, topic: string, partition = 0): string[] {
  return kafka.records(topic, partition).map((r) => r.value?.toString() ?? 'null');
}
