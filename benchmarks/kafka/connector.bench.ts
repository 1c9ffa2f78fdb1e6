/**
 * The Kafka connector against kafkajs, 200,000 records of 100 bytes in 4 partitions, the embedded
 * broker in a process of its own (issue 9's speed targets):
 * - plain consume: `Consumer.plainSource` vs a raw kafkajs `eachBatch` loop (target ≥ 0.9×);
 * - consume → map → produce with committed offsets: `committableSource → map →
 *   Producer.committableSink` vs a hand-written kafkajs loop (send, then commit, per batch)
 *   (target ≥ 1.0×);
 * - the transactional pipeline at `eosCommitInterval` 100 ms (target ≥ 0.5× the committable one).
 *
 * Every sample is a new consumer group reading the input from the beginning, so a sample
 * includes joining the group. Each pipeline sample writes to a fresh output topic, deleted after
 * the sample (untimed). Every sample is checked (untimed): the group committed exactly the
 * input's end offsets, and the output holds `RECORDS` records. Records/s per contender are
 * printed after mitata's report.
 *
 * Standalone: `npx tsx benchmarks/kafka/connector.bench.ts`; `npm run bench -- connector`;
 * `KAFKA_BENCH_ONLY=consume` for the consume pair alone.
 */
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Admin, type Message } from 'kafkajs';
import { bench, run, summary } from 'mitata';
import { startBrokerProcess } from './brokerProcess.js';
import { handWrittenLoop, rawConsume } from './kafkajsPeers.js';
import { committablePipeline, plainConsume, transactionalPipeline } from './sluiceContenders.js';

/** `KAFKA_BENCH_RECORDS=2000` makes a quick check of the file; the recorded runs use 200,000. */
const RECORDS = Number(process.env['KAFKA_BENCH_RECORDS'] ?? 200_000);
/** `KAFKA_BENCH_ONLY=consume` registers only the benches whose name contains it. */
const ONLY = process.env['KAFKA_BENCH_ONLY'] ?? '';
const VALUE_BYTES = 100;
const PARTITIONS = 4;
const PER_SEND = 1_000;
const INPUT = 'bench-input';

interface Env {
  readonly kafka: Kafka;
  readonly admin: Admin;
  readonly brokers: string[];
}

/**
 * The broker, filled once, shared by every bench of this file: started by the first bench that
 * runs and stopped after the last one, so the file also works under `npm run bench -- --shared`.
 */
let env: Promise<Env> | undefined;
/** Benches registered and not finished: the last one to finish stops the broker. */
let users = 0;
let stopBroker: () => Promise<void> = () => Promise.resolve();

async function setup(): Promise<Env> {
  const broker = await startBrokerProcess(PARTITIONS);
  stopBroker = broker.stop;
  const brokers = broker.bootstrapServers;
  const kafka = new Kafka({ clientId: 'bench', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: INPUT, numPartitions: PARTITIONS }] });
  await fillInput(kafka);
  return { kafka, admin, brokers };
}

function acquire(): Promise<Env> {
  return (env ??= setup());
}

async function release(): Promise<void> {
  if (--users > 0 || env === undefined) return;
  const { admin } = await env;
  env = undefined;
  await admin.disconnect();
  await stopBroker();
}

/** 200 sends of 1,000 distinct 100-byte values, spread round robin over the partitions. */
async function fillInput(kafka: Kafka): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let sent = 0; sent < RECORDS; sent += PER_SEND) {
    const messages: Message[] = [];
    for (let i = sent; i < sent + PER_SEND; i++) {
      messages.push({
        partition: i % PARTITIONS,
        value: `r${String(i)}-`.padEnd(VALUE_BYTES, 'x'),
      });
    }
    await producer.send({ topic: INPUT, messages });
  }
  await producer.disconnect();
}

let seq = 0;
function unique(prefix: string): string {
  return `${prefix}-${String(++seq)}`;
}

async function endOffsetSum(admin: Admin, topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/** Fails the run unless `groupId` committed every input record: nothing lost, nothing skipped. */
async function checkCommitted(admin: Admin, name: string, groupId: string): Promise<void> {
  const [topic] = await admin.fetchOffsets({ groupId, topics: [INPUT] });
  const committed = (topic?.partitions ?? []).reduce((sum, p) => sum + Number(p.offset), 0);
  if (committed !== RECORDS) {
    throw new Error(`${name}: group ${groupId} committed ${committed} of ${RECORDS} records`);
  }
}

/** Records/s of each measured sample per contender; printed on exit. */
const results = new Map<string, number[]>();
const warmedUp = new Set<string>();
function record(name: string, ns: number): number {
  // mitata's first call warms up and is not counted in the records/s table.
  if (!warmedUp.has(name)) warmedUp.add(name);
  else results.set(name, [...(results.get(name) ?? []), RECORDS / (ns / 1e9)]);
  return ns;
}

function consumeBench(name: string, consume: (e: Env, groupId: string) => Promise<number>): void {
  if (!name.includes(ONLY)) return;
  users++;
  bench(name, async function* () {
    const e = await acquire();
    yield {
      async manual(): Promise<number> {
        return record(name, await consume(e, unique('consume')));
      },
    };
    await release();
  });
}

/** A consume-transform-produce sample; `transactional` outputs carry a marker per commit. */
function pipelineBench(
  name: string,
  transactional: boolean,
  pipe: (e: Env, output: string, groupId: string) => Promise<number>,
): void {
  if (!name.includes(ONLY)) return;
  users++;
  bench(name, async function* () {
    const e = await acquire();
    const { admin } = e;
    yield {
      async manual(): Promise<number> {
        const output = unique('bench-output');
        await admin.createTopics({ topics: [{ topic: output, numPartitions: PARTITIONS }] });
        const groupId = unique('pipeline');
        const ns = await pipe(e, output, groupId);
        await checkCommitted(admin, name, groupId);
        const stored = await endOffsetSum(admin, output);
        // Commit markers take an offset each, so a transactional output ends past RECORDS.
        if (transactional ? stored < RECORDS : stored !== RECORDS) {
          throw new Error(`${name}: output ${output} ends at ${stored}, expected ${RECORDS}`);
        }
        await admin.deleteTopics({ topics: [output] });
        return record(name, ns);
      },
    };
    await release();
  });
}

summary(() => {
  consumeBench('consume: kafkajs eachBatch', (e, g) => rawConsume(e.kafka, INPUT, g, RECORDS));
  consumeBench('consume: sluice plainSource', (e, g) => plainConsume(e.brokers, INPUT, g, RECORDS));
});
summary(() => {
  pipelineBench('pipeline: kafkajs hand-written loop', false, (e, out, g) =>
    handWrittenLoop(e.kafka, INPUT, out, g, RECORDS),
  );
  pipelineBench('pipeline: sluice committable', false, (e, out, g) =>
    committablePipeline(e.brokers, INPUT, out, g, RECORDS),
  );
  pipelineBench('pipeline: sluice transactional', true, (e, out, g) =>
    transactionalPipeline(e.brokers, INPUT, out, g, unique('tx'), RECORDS),
  );
});

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function printResults(): void {
  const rate = (n: number): string => Math.round(n).toLocaleString('en-US');
  console.log(`\n${RECORDS} records × ${VALUE_BYTES} B, ${PARTITIONS} partitions, records/s:`);
  for (const [name, xs] of results) {
    console.log(
      `  ${name.padEnd(40)} ${rate(median(xs)).padStart(9)}  (${rate(Math.min(...xs))}–${rate(Math.max(...xs))}, ${String(xs.length)} samples)`,
    );
  }
}

// `npm run bench` imports this file and runs every registered benchmark itself.
process.once('beforeExit', printResults);
if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
