// The data of the Kafka examples: orders in, enriched orders out, a simulated slow service in
// between, and the kafkajs helpers that fill the input topic and check the output.
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';

/** An order as it arrives on the input topic (JSON). */
export interface Order {
  readonly id: number;
  readonly customer: string;
  readonly amount: number;
}

/** An order after the pricing service saw it. */
export interface PricedOrder extends Order {
  readonly total: number;
}

const customers = ['ada', 'grace', 'edsger', 'barbara', 'donald'];

/**
 * A simulated remote pricing service: each call answers after `latencyMs`, and the service
 * counts how many calls it has at once, so a test can see what `mapAsync` bounds.
 */
export class PricingService {
  inFlight = 0;
  maxInFlight = 0;
  calls = 0;

  constructor(private readonly latencyMs = 2) {}

  price(order: Order): Promise<PricedOrder> {
    this.calls++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    return new Promise((resolve) => {
      setTimeout(() => {
        this.inFlight--;
        resolve({ ...order, total: Math.round(order.amount * 1.2) });
      }, this.latencyMs);
    });
  }
}

/** A kafkajs client for the examples' own setup and checks, with logging off. */
export function kafkaClient(bootstrapServers: readonly string[]): Kafka {
  return new Kafka({
    clientId: 'sluice-example',
    brokers: [...bootstrapServers],
    logLevel: logLevel.NOTHING,
  });
}

/** Names no earlier run used, so the examples can run again and again on a real cluster. */
export function runNames(prefix: string): { input: string; output: string; group: string } {
  const run = randomBytes(3).toString('hex');
  return {
    input: `${prefix}-orders-${run}`,
    output: `${prefix}-priced-${run}`,
    group: `${prefix}-${run}`,
  };
}

/** Creates the topics with `partitions` each. */
export async function createTopics(
  client: Kafka,
  topics: readonly string[],
  partitions: number,
): Promise<void> {
  const admin = client.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      topics: topics.map((topic) => ({ topic, numPartitions: partitions })),
      waitForLeaders: true,
    });
  } finally {
    await admin.disconnect();
  }
}

/** Produces orders 0..count-1 as JSON, keyed by customer. */
export async function produceOrders(client: Kafka, topic: string, count: number): Promise<void> {
  const producer = client.producer({ idempotent: true });
  await producer.connect();
  try {
    for (let from = 0; from < count; from += 1_000) {
      const messages = [];
      for (let id = from; id < Math.min(count, from + 1_000); id++) {
        const order: Order = {
          id,
          customer: customers[id % customers.length] ?? 'anon',
          amount: (id * 37) % 500,
        };
        messages.push({ key: order.customer, value: JSON.stringify(order) });
      }
      await producer.send({ topic, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

/** What the output topic holds, read `read_committed` from the beginning. */
export interface OutputSummary {
  readonly records: number;
  readonly distinctOrders: number;
  readonly duplicates: number;
}

/**
 * Reads `topic` `read_committed` until it has seen `expected` records and then `quietMs` pass
 * without another (a duplicate would come after the expected count), and counts records and
 * distinct order ids: `duplicates` is how many records repeat an id.
 * @throws Error when fewer than `expected` records arrive within `timeoutMs`.
 */
export async function readOutput(
  client: Kafka,
  topic: string,
  expected: number,
  quietMs = 500,
  timeoutMs = 20_000,
): Promise<OutputSummary> {
  const consumer = client.consumer({
    groupId: `reader-${randomBytes(3).toString('hex')}`,
    maxWaitTimeInMs: 100,
  });
  const ids = new Set<number>();
  let records = 0;
  let quiet: NodeJS.Timeout | undefined;
  let giveUp: NodeJS.Timeout | undefined;
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const finished = new Promise<void>((resolve, reject) => {
      giveUp = setTimeout(() => {
        reject(
          new Error(`readOutput: ${topic} has ${String(records)} of ${String(expected)} records`),
        );
      }, timeoutMs);
      const settleLater = (): void => {
        clearTimeout(quiet);
        if (records >= expected) quiet = setTimeout(resolve, quietMs);
      };
      settleLater();
      void consumer.run({
        eachBatch: ({ batch }) => {
          for (const m of batch.messages) {
            records++;
            ids.add((JSON.parse(m.value?.toString() ?? '{}') as PricedOrder).id);
          }
          settleLater();
          return Promise.resolve();
        },
      });
    });
    await finished;
  } finally {
    clearTimeout(quiet);
    clearTimeout(giveUp);
    await consumer.disconnect();
  }
  return { records, distinctOrders: ids.size, duplicates: records - ids.size };
}
