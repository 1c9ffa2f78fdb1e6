// The Kafka demo (`npm start`): orders go through a consume → price → produce pipeline twice,
// at-least-once (committableSource → mapAsync → Producer.committableSink) and exactly-once
// (Transactional.source → mapAsync → Transactional.sink), on an embedded broker or on the
// cluster named by `--bootstrap host:port`. The pricing service is simulated and slow (2 ms a
// call); mapAsync keeps 16 calls in flight. It ends with a summary per pipeline and exits 1 if
// an output lost or repeated an order.
//
//   npm start [-- --bootstrap host:port]
import { runAtLeastOnce } from './kafka/atLeastOnce.js';
import { runExactlyOnce, type PipelineRun } from './kafka/exactlyOnce.js';
import {
  createTopics,
  kafkaClient,
  type OutputSummary,
  PricingService,
  produceOrders,
  readOutput,
  runNames,
} from './kafka/orders.js';
import { kafkaTarget } from './kafka/target.js';

const count = 5_000;
const partitions = 3;

const target = await kafkaTarget(process.argv.slice(2), partitions);
console.log(`Kafka: ${target.description}`);
const client = kafkaClient(target.bootstrapServers);
const names = runNames('demo');
const eosOutput = `${names.output}-eos`;
await createTopics(client, [names.input, names.output, eosOutput], partitions);
await produceOrders(client, names.input, count);
console.log(
  `produced ${String(count)} orders to ${names.input} (${String(partitions)} partitions)`,
);

interface Row {
  readonly name: string;
  readonly run: PipelineRun;
  readonly out: OutputSummary;
  readonly service: PricingService;
}
const rows: Row[] = [];

const aloService = new PricingService();
const alo = await runAtLeastOnce({
  bootstrapServers: target.bootstrapServers,
  input: names.input,
  output: names.output,
  groupId: `${names.group}-alo`,
  count,
  service: aloService,
});
rows.push({
  name: 'at-least-once',
  run: alo,
  out: await readOutput(client, names.output, count),
  service: aloService,
});

const eosService = new PricingService();
const eos = await runExactlyOnce({
  bootstrapServers: target.bootstrapServers,
  input: names.input,
  output: eosOutput,
  groupId: `${names.group}-eos`,
  transactionalId: `${names.group}-eos-tx`,
  count,
  service: eosService,
});
rows.push({
  name: 'exactly-once',
  run: eos,
  out: await readOutput(client, eosOutput, count),
  service: eosService,
});
await target.stop();

const n = (x: number): string => Math.round(x).toLocaleString('en-US');
console.log('\npipeline        in      out     records/s  duplicates  max calls in flight');
let isCorrect = true;
for (const { name, run, out, service } of rows) {
  const rate = run.records / (run.elapsedMs / 1000);
  console.log(
    `${name.padEnd(14)} ${n(run.records).padStart(6)} ${n(out.records).padStart(8)} ${n(rate).padStart(12)} ${n(out.duplicates).padStart(11)} ${n(service.maxInFlight).padStart(20)}`,
  );
  if (out.records !== run.records || out.distinctOrders !== run.records) isCorrect = false;
}
if (!isCorrect) {
  console.error('an output lost or repeated orders');
  process.exitCode = 1;
}
