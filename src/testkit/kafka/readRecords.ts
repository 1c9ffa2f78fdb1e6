import type { IHeaders, Kafka } from 'kafkajs';
import type { WaitOptions } from './waitUntil.js';

/** A record read back by {@link KafkaTestKit.consume}, with key and value decoded as UTF-8. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: string | null;
  readonly value: string | null;
  readonly headers: IHeaders;
}

/** Options of {@link KafkaTestKit.consume}. */
export interface ConsumeOptions extends WaitOptions {
  /** `read_committed` (default) skips records of open and aborted transactions. */
  readonly isolation?: 'read_committed' | 'read_uncommitted';
}

/**
 * Reads `count` records of `topic` from the beginning with a kafkajs consumer in `groupId`,
 * `read_committed` unless told otherwise, and leaves the group. Records are in arrival order
 * (offset order within a partition).
 * @throws Error saying how many arrived when `timeoutMs` (default 10 s) passes first.
 */
export async function readRecords(
  client: Kafka,
  groupId: string,
  topic: string,
  count: number,
  options: ConsumeOptions = {},
): Promise<ConsumedRecord[]> {
  const consumer = client.consumer({
    groupId,
    readUncommitted: options.isolation === 'read_uncommitted',
    maxWaitTimeInMs: 100,
  });
  const records: ConsumedRecord[] = [];
  let done: () => void = () => undefined;
  const enough = new Promise<void>((resolve) => {
    done = resolve;
  });
  const timeoutMs = options.timeoutMs ?? 10_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachBatch: ({ batch }) => {
        for (const m of batch.messages) {
          records.push({
            topic: batch.topic,
            partition: batch.partition,
            offset: Number(m.offset),
            key: m.key?.toString() ?? null,
            value: m.value?.toString() ?? null,
            headers: m.headers ?? {},
          });
        }
        if (records.length >= count) done();
        return Promise.resolve();
      },
    });
    if (count > 0) {
      await Promise.race([
        enough,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            reject(
              new Error(
                `KafkaTestKit: expected ${String(count)} records from ${topic} within ${String(timeoutMs)} ms, got ${String(records.length)}`,
              ),
            );
          }, timeoutMs);
        }),
      ]);
    }
    return records;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect();
  }
}
