import { Kafka, logLevel } from 'kafkajs';
import { ConsumerSettings, Deserializers } from 'sluice/kafka';
import type { EmbeddedKafka } from 'sluice/testkit';

/** Shared helpers of the consumer specs: one broker per spec file, unique names per test. */
let n = 0;
export function unique(prefix: string): string {
  return `${prefix}-${process.pid}-${++n}`;
}

export function client(kafka: EmbeddedKafka): Kafka {
  return new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING });
}

export function settings(kafka: EmbeddedKafka, groupId: string): ConsumerSettings<string, string> {
  return ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.string,
  })
    .withBootstrapServers(...kafka.bootstrapServers)
    .withGroupId(groupId)
    .withStopTimeout(0)
    .withProperties({
      autoOffsetReset: 'earliest',
      logLevel: logLevel.NOTHING,
      heartbeatInterval: 100,
      sessionTimeout: 6000,
      rebalanceTimeout: 3000,
      retry: { initialRetryTime: 50, retries: 5 },
    });
}

/** Produces `values` (as `v0`, `v1`, … when a count) to the topic, round-robin over `partitions`. */
export async function produce(
  kafka: EmbeddedKafka,
  topic: string,
  values: readonly string[],
  partitions = 1,
): Promise<void> {
  const producer = client(kafka).producer();
  await producer.connect();
  // Sends of 30 records: a fetch returns whole record batches, so small batches keep fetches small.
  for (let from = 0; from < values.length; from += 30) {
    await producer.send({
      topic,
      messages: values
        .slice(from, from + 30)
        .map((value, j) => ({ value, key: `k${from + j}`, partition: (from + j) % partitions })),
    });
  }
  await producer.disconnect();
}

/** The committed offset (next to read) per partition of the group. */
export async function committed(
  kafka: EmbeddedKafka,
  groupId: string,
  topic: string,
): Promise<number[]> {
  const admin = client(kafka).admin();
  await admin.connect();
  try {
    const [res] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (res?.partitions ?? [])
      .slice()
      .sort((a, b) => a.partition - b.partition)
      .map((p) => Number(p.offset));
  } finally {
    await admin.disconnect();
  }
}

export function values(count: number, prefix = 'v'): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

/** Polls `check` every 20 ms until it holds; fails after `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
