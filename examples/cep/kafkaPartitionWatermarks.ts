// Per-partition watermarks: temperature readings from a Kafka topic with three partitions, averaged
// per 10-second window of event time. Each partition gets its own watermark and a window fires once
// every partition has passed its end, so a partition that lags behind holds the windows back
// instead of having its readings dropped as late. A partition that goes quiet (or is revoked)
// stops holding them back once it has been idle for `idleTimeoutMs`.
//
//   npx tsx examples/cep/kafkaPartitionWatermarks.ts [--bootstrap host:port]
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { type Flow, Keep, type NotUsed, Sink } from 'sluice';
import {
  EventTime,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import {
  Consumer,
  type ConsumerRecord,
  ConsumerSettings,
  Deserializers,
  Subscriptions,
} from 'sluice/kafka';
import { createTopics, kafkaClient } from '../kafka/orders.js';
import { kafkaTarget } from '../kafka/target.js';

type Reading = ConsumerRecord<string, string>;

const celsius = (r: Reading): number => Number(r.value);

/**
 * Average temperature per 10 s of event time (the records' timestamps), with a watermark per
 * partition: readings may be a second out of order within a partition, partitions may lag each
 * other by any amount, and a partition quiet for `idleTimeoutMs` of processing time is left out.
 */
export function averagesPerWindow(
  partitions: number,
  idleTimeoutMs: number,
): Flow<Reading, WindowResult<undefined, number>, NotUsed> {
  return EventTime.assignPerSplit({
    split: (r: Reading) => r.partition,
    timestamp: (r: Reading) => r.timestamp,
    watermark:
      WatermarkStrategy.forBoundedOutOfOrderness<Reading>(1_000).withIdleness(idleTimeoutMs),
    splits: Array.from({ length: partitions }, (_, p) => p),
  }).via(
    Window.aggregate(
      TumblingEventTimeWindows.of<Reading>(10_000),
      {
        createAccumulator: () => ({ sum: 0, n: 0 }),
        add: (r: Reading, acc: { sum: number; n: number }) => ({
          sum: acc.sum + celsius(r),
          n: acc.n + 1,
        }),
        getResult: (acc: { sum: number; n: number }) => acc.sum / acc.n,
        merge: (a: { sum: number; n: number }, b: { sum: number; n: number }) => ({
          sum: a.sum + b.sum,
          n: a.n + b.n,
        }),
      },
      { timestamp: (r: Reading) => r.timestamp, watermark: 'fromStream' },
    ),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = await kafkaTarget();
  const client = kafkaClient(target.bootstrapServers);
  const run = randomBytes(3).toString('hex');
  const [topic, groupId] = [`readings-${run}`, `averages-${run}`];
  await createTopics(client, [topic], 3);
  const producer = client.producer();
  await producer.connect();
  const start = Math.floor(Date.now() / 10_000) * 10_000;
  const reading = (partition: number, second: number, value: number) => ({
    topic,
    messages: [{ partition, value: String(value), timestamp: String(start + second * 1000) }],
  });
  // The sensor on partition 2 reports once, at 5 s, then goes quiet.
  await producer.send(reading(2, 5, 19));

  const settings = ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.string,
  })
    .withBootstrapServers(...target.bootstrapServers)
    .withGroupId(groupId)
    .withProperty('autoOffsetReset', 'earliest');
  console.log(`${target.description}: averaging ${topic} per 10 s window`);
  let windows = 0;
  const [control, done] = Consumer.plainSource(settings, Subscriptions.topics(topic))
    .via(averagesPerWindow(3, 2_000))
    .toMat(
      Sink.foreach((w: WindowResult<undefined, number>) => {
        const from = (w.window.start - start) / 1000;
        console.log(`[${String(from)} s, ${String(from + 10)} s): ${w.value.toFixed(2)} °C`);
        windows++;
      }),
      Keep.both,
    )
    .run();
  // The sensors on partitions 0 and 1 report every 250 ms, 3 s of event time apart. [0, 10)
  // waits for partition 2 until it has been quiet for 2 s; from then on partitions 0 and 1
  // alone move the windows on.
  for (let second = 1; windows < 3; second += 3) {
    await producer.send(reading(0, second, 20 + second / 10));
    await producer.send(reading(1, second + 1, 21 + second / 10));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await producer.disconnect();
  await control.shutdown();
  await done;
  await target.stop();
}
