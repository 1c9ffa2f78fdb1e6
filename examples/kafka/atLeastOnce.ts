// At-least-once consume → transform → produce, the talk's workflow: committableSource reads the
// orders, mapAsync prices each one against a slow service, and Producer.committableSink writes
// the priced orders and commits each consumed offset once its record is acknowledged. A crash
// can repeat the records after the last commit; it never loses one.
//
//   npx tsx examples/kafka/atLeastOnce.ts [--bootstrap host:port]
import { pathToFileURL } from 'node:url';
import { logLevel } from 'kafkajs';
import { Keep } from 'sluice';
import {
  CommitterSettings,
  Consumer,
  ConsumerSettings,
  Deserializers,
  DrainingControl,
  Producer,
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Subscriptions,
} from 'sluice/kafka';
import type { PipelineOptions, PipelineRun } from './exactlyOnce.js';
import {
  createTopics,
  kafkaClient,
  type Order,
  type PricedOrder,
  PricingService,
  produceOrders,
  readOutput,
  runNames,
} from './orders.js';
import { kafkaTarget } from './target.js';

/**
 * Prices orders from `input` into `output`, committing as it goes; once `count` envelopes have
 * gone into the sink it drains: the source stops, the sends in flight finish and their offsets
 * are committed, then the consumer leaves the group.
 */
export async function runAtLeastOnce(options: PipelineOptions): Promise<PipelineRun> {
  const started = Date.now();
  let sent = 0;
  let enough: () => void = () => undefined;
  const isEnough = new Promise<void>((resolve) => {
    enough = resolve;
  });
  const consumerSettings = ConsumerSettings.create({
    keyDeserializer: Deserializers.string,
    valueDeserializer: Deserializers.json<Order>(),
  })
    .withBootstrapServers(...options.bootstrapServers)
    .withGroupId(options.groupId)
    .withProperty('autoOffsetReset', 'earliest')
    .withProperty('logLevel', logLevel.NOTHING)
    .withProperty('maxWaitTimeInMs', 100);
  const producerSettings = ProducerSettings.create({
    keySerializer: Serializers.string,
    valueSerializer: Serializers.json<PricedOrder>(),
  })
    .withBootstrapServers(...options.bootstrapServers)
    .withClientOption('logLevel', logLevel.NOTHING);

  const control = Consumer.committableSource(consumerSettings, Subscriptions.topics(options.input))
    .mapAsync(options.parallelism ?? 16, async (msg) =>
      ProducerMessage.single(
        {
          topic: options.output,
          key: msg.record.key ?? 'anon',
          value: await options.service.price(msg.record.value),
        },
        msg.committableOffset,
      ),
    )
    .map((envelope) => {
      if (++sent === options.count) enough();
      return envelope;
    })
    .toMat(Producer.committableSink(producerSettings, CommitterSettings.create()), Keep.both)
    .mapMaterializedValue(DrainingControl.create)
    .run(options.materializer);
  await isEnough;
  await control.drainAndShutdown();
  return { records: options.count, elapsedMs: Date.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = await kafkaTarget();
  const client = kafkaClient(target.bootstrapServers);
  const names = runNames('alo');
  const count = 2_000;
  await createTopics(client, [names.input, names.output], 3);
  await produceOrders(client, names.input, count);
  const run = await runAtLeastOnce({
    bootstrapServers: target.bootstrapServers,
    ...names,
    groupId: names.group,
    count,
    service: new PricingService(),
  });
  const out = await readOutput(client, names.output, count);
  await target.stop();
  console.log(
    `at-least-once on ${target.description}: ${String(run.records)} orders in ${String(run.elapsedMs)} ms, ` +
      `${String(out.records)} out, ${String(out.duplicates)} duplicates`,
  );
}
