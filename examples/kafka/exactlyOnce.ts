// Exactly-once consume → transform → produce: Transactional.source reads the orders
// read_committed, mapAsync prices each one against a slow service, and Transactional.sink writes
// the priced orders and commits the consumed offsets in the same Kafka transaction every
// eosCommitInterval. After any crash the output holds every order exactly once.
//
//   npx tsx examples/kafka/exactlyOnce.ts [--bootstrap host:port]
import { pathToFileURL } from 'node:url';
import { logLevel } from 'kafkajs';
import { Keep, type Materializer } from 'sluice';
import {
  ConsumerSettings,
  Deserializers,
  ProducerMessage,
  ProducerSettings,
  Serializers,
  Transactional,
} from 'sluice/kafka';
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

/** What one run of a pipeline did. */
export interface PipelineRun {
  readonly records: number;
  readonly elapsedMs: number;
}

/** Where the pipeline reads and writes, and how many orders it stops after. */
export interface PipelineOptions {
  readonly bootstrapServers: readonly string[];
  readonly input: string;
  readonly output: string;
  readonly groupId: string;
  readonly count: number;
  readonly service: PricingService;
  /** Calls to the service in flight at most. Default 16. */
  readonly parallelism?: number;
  readonly materializer?: Materializer;
}

/** Prices `count` orders from `input` into `output` exactly once, then stops. */
export async function runExactlyOnce(
  options: PipelineOptions & { readonly transactionalId: string },
): Promise<PipelineRun> {
  const started = Date.now();
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
    .withEosCommitInterval(100)
    .withClientOption('logLevel', logLevel.NOTHING);

  const [control, done] = Transactional.source(consumerSettings, { topics: [options.input] })
    .mapAsync(options.parallelism ?? 16, async (msg) =>
      ProducerMessage.single(
        {
          topic: options.output,
          key: msg.record.key,
          value: await options.service.price(msg.record.value),
        },
        msg.partitionOffset,
      ),
    )
    .take(options.count)
    .toMat(Transactional.sink(producerSettings, options.transactionalId), Keep.both)
    .run(options.materializer);
  await done;
  await control.isShutdown;
  return { records: options.count, elapsedMs: Date.now() - started };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const target = await kafkaTarget();
  const client = kafkaClient(target.bootstrapServers);
  const names = runNames('eos');
  const count = 2_000;
  await createTopics(client, [names.input, names.output], 3);
  await produceOrders(client, names.input, count);
  const run = await runExactlyOnce({
    bootstrapServers: target.bootstrapServers,
    ...names,
    groupId: names.group,
    transactionalId: `${names.group}-tx`,
    count,
    service: new PricingService(),
  });
  const out = await readOutput(client, names.output, count);
  await target.stop();
  console.log(
    `exactly-once on ${target.description}: ${String(run.records)} orders in ${String(run.elapsedMs)} ms, ` +
      `${String(out.records)} out, ${String(out.duplicates)} duplicates`,
  );
}
