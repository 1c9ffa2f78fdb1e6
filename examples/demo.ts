// The demo pipeline: start the embedded Kafka broker, produce a day of orders with kafkajs, and run
// a sluice stream over the topic that parses, filters and aggregates them with back-pressure.
import { Kafka, logLevel } from 'kafkajs';
import { Sink } from 'sluice';
import { EmbeddedKafka } from 'sluice/testkit';
import { batchEvery } from './custom-stages/batchEvery.js';
import { topicSource } from './topicSource.js';

interface Order {
  readonly id: number;
  readonly customer: string;
  readonly amount: number;
}

const orders = 1_000;
const customers = ['ada', 'grace', 'edsger', 'barbara', 'donald'];

const kafka = await EmbeddedKafka.start({ defaultPartitions: 3 });
console.log(`embedded Kafka listening on ${kafka.bootstrapServers.join(', ')}`);
const client = new Kafka({
  clientId: 'demo',
  brokers: [...kafka.bootstrapServers],
  logLevel: logLevel.NOTHING,
});
const admin = client.admin();
await admin.connect();
await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] });
await admin.disconnect();

const producer = client.producer();
await producer.connect();
await producer.send({
  topic: 'orders',
  messages: Array.from({ length: orders }, (_, id) => {
    const order: Order = {
      id,
      customer: customers[id % customers.length] ?? 'anon',
      amount: (id * 37) % 500,
    };
    return { key: order.customer, value: JSON.stringify(order) };
  }),
});
await producer.disconnect();
console.log(`produced ${orders} orders`);

const consumer = client.consumer({ groupId: 'demo' });
await consumer.connect();
const totals = await topicSource(consumer, 'orders')
  .take(orders)
  .map((value) => JSON.parse(value) as Order)
  .filter((order) => order.amount >= 100)
  .via(batchEvery<Order>(50, 100))
  .runWith(
    Sink.fold(new Map<string, number>(), (acc, batch: Order[]) => {
      for (const order of batch)
        acc.set(order.customer, (acc.get(order.customer) ?? 0) + order.amount);
      return acc;
    }),
  );
await consumer.disconnect();
await kafka.stop();

console.log('revenue of orders >= 100 by customer:');
for (const [customer, total] of [...totals].sort((a, b) => b[1] - a[1])) {
  console.log(`  ${customer.padEnd(8)} ${total}`);
}
