/**
 * Start an embedded broker, produce with kafkajs, consume the records back with a consumer
 * group, and stop everything: the skeleton of a Kafka test on `EmbeddedKafka`.
 *
 * Run it with `npx tsx examples/testing/embeddedKafka.ts` (after `npm run build`, since
 * `sluice/testkit` resolves to `dist/`).
 */
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { EmbeddedKafka } from 'sluice/testkit';

/** What the example consumed, and what the broker reports it stored and committed. */
export interface ExampleResult {
  readonly consumed: string[];
  readonly stored: number;
  readonly committed: { partition: number; offset: bigint }[];
}

/** Produces `values` to a 2-partition topic and consumes them back as group `example`. */
export async function runExample(values: readonly string[]): Promise<ExampleResult> {
  // Port 0: the OS picks a free port, so parallel test files never collide.
  const kafka = await EmbeddedKafka.start({ port: 0 });
  const client = new Kafka({
    clientId: 'example',
    brokers: kafka.bootstrapServers,
    logLevel: logLevel.NOTHING,
  });
  const producer = client.producer();
  const consumer = client.consumer({ groupId: 'example' });
  try {
    kafka.createTopic('greetings', 2);

    await producer.connect();
    await producer.send({
      topic: 'greetings',
      messages: values.map((value, i) => ({ key: `k${String(i)}`, value })),
    });

    await consumer.connect();
    await consumer.subscribe({ topic: 'greetings', fromBeginning: true });
    const consumed: string[] = [];
    // Resolved from eachMessage once everything arrived: a real client's promise, no sleep.
    const allConsumed = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: ({ message }) => {
          consumed.push(message.value?.toString() ?? '');
          if (consumed.length === values.length) resolve();
          return Promise.resolve();
        },
      });
    });
    await allConsumed;
    // Disconnecting commits the consumed offsets and leaves the group.
    await consumer.disconnect();

    const stored = kafka.records('greetings', 0).length + kafka.records('greetings', 1).length;
    const committed = kafka
      .committedOffsets('example')
      .map(({ partition, offset }) => ({ partition, offset }));
    return { consumed, stored, committed };
  } finally {
    await consumer.disconnect();
    await producer.disconnect();
    await kafka.stop();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const result = await runExample(['hello', 'from', 'sluice']);
  console.log(`consumed ${result.consumed.join(', ')}`);
  console.log(`stored ${String(result.stored)} records; committed`, result.committed);
}
