/**
 * The kafkajs peers of the connector benchmark, written the way kafkajs's docs suggest: a raw
 * `eachBatch` loop, and a hand-written consume → transform → send → commit loop that waits on
 * each step of a batch before the next.
 */
import type { Consumer, ConsumerConfig, Kafka } from 'kafkajs';

/** What every contender's consumer uses, so only the code under it differs. */
export const CONSUMER_OPTIONS = {
  maxWaitTimeInMs: 100,
  heartbeatInterval: 1_000,
} as const satisfies Omit<ConsumerConfig, 'groupId'>;

/** Resolves once `count` records went through `consumer`'s handler; how the peers finish. */
function counter(count: number): { add(n: number): void; readonly done: Promise<void> } {
  let seen = 0;
  let resolve: () => void = () => undefined;
  const done = new Promise<void>((r) => {
    resolve = r;
  });
  return {
    add(n) {
      seen += n;
      if (seen >= count) resolve();
    },
    done,
  };
}

async function startConsumer(kafka: Kafka, groupId: string, topic: string): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId, ...CONSUMER_OPTIONS });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  return consumer;
}

/**
 * Reads `count` records of `topic` from the beginning in a new group, decoding each value as a
 * string (as a string deserializer does); returns the nanoseconds from start to the last record.
 * The consumer leaves the group after the clock stops.
 */
export async function rawConsume(
  kafka: Kafka,
  topic: string,
  groupId: string,
  count: number,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const consumer = await startConsumer(kafka, groupId, topic);
  const seen = counter(count);
  let bytes = 0;
  await consumer.run({
    eachBatch: ({ batch }) => {
      for (const m of batch.messages) bytes += m.value?.toString().length ?? 0;
      seen.add(batch.messages.length);
      return Promise.resolve();
    },
  });
  await seen.done;
  const ns = Number(process.hrtime.bigint() - t0);
  await consumer.disconnect();
  if (bytes === 0) throw new Error('rawConsume: read no bytes');
  return ns;
}

/**
 * Consumes `count` records of `input`, upper-cases each value, sends the batch to the same
 * partition of `output` and commits the batch's last offset + 1, one step after the other.
 */
export async function handWrittenLoop(
  kafka: Kafka,
  input: string,
  output: string,
  groupId: string,
  count: number,
): Promise<number> {
  const t0 = process.hrtime.bigint();
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  const consumer = await startConsumer(kafka, groupId, input);
  const seen = counter(count);
  await consumer.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const messages = batch.messages.map((m) => ({
        partition: batch.partition,
        value: (m.value?.toString() ?? '').toUpperCase(),
      }));
      await producer.send({ topic: output, messages });
      await consumer.commitOffsets([
        {
          topic: batch.topic,
          partition: batch.partition,
          offset: (BigInt(batch.lastOffset()) + 1n).toString(),
        },
      ]);
      seen.add(messages.length);
    },
  });
  await seen.done;
  const ns = Number(process.hrtime.bigint() - t0);
  await consumer.disconnect();
  await producer.disconnect();
  return ns;
}
