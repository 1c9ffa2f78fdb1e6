/**
 * Persist 100,000 events, one per request, through `EventSourcing.flow` on a `KafkaJournal` (the
 * stage batches the requests arriving while a write is in flight; each write is one record batch,
 * acknowledged by its produce response), and recover them; against a hand-written kafkajs loop
 * with the same producer settings (idempotent, acks=all) sending 1,000 records per request, the
 * stage's default `maxBatch`, and a plain kafkajs consumer reading the same 100,000 records and
 * folding their JSON values. The broker is `EmbeddedKafka` in this process, over TCP on
 * 127.0.0.1. Every persist sample, of either contender, writes to a topic of its own (connected
 * before timing): a new persistence id on a topic that already holds events costs the journal a
 * read of the whole topic on its first recovery, which is not what this measures. The recovery
 * samples read a topic holding only the 100,000 events they recover. A sample takes seconds, so
 * this file measures 3 samples each with mitata's `measure` instead of `run()`'s 12.
 */
import { fileURLToPath } from 'node:url';
import { measure } from 'mitata';
import { Kafka, logLevel } from 'kafkajs';
import { Materializer, Sink, Source } from 'sluice';
import { KafkaJournal } from 'sluice/persistence';
import { counterFlow } from './counterFlow.js';
import { EmbeddedKafka } from 'sluice/testkit';

const N = Number(process.env['BENCH_N'] ?? 100_000);
const kafka = await EmbeddedKafka.start({ log: () => undefined });
const brokers = kafka.bootstrapServers;
const Samples = 3;
// One topic per persist sample (the check run included), connected before any timing.
const writeJournals: KafkaJournal[] = [];
for (let i = 0; i <= Samples; i++) {
  writeJournals.push(await KafkaJournal.connect({ brokers, topic: `bench-writes-${String(i)}` }));
}
const recovery = await KafkaJournal.connect({ brokers, topic: 'bench-recovery' });
const mat = new Materializer();

const counter = counterFlow;

let sample = 0;
let persisted = 0;
const persist = (): Promise<number> => {
  const journal = writeJournals[persisted++ % writeJournals.length] as KafkaJournal;
  return Source.range(1, N)
    .via(counter(journal, `w-${String(sample++)}`))
    .runWith(Sink.last(), mat);
};
const recover = (): Promise<number> =>
  Source.single(0).via(counter(recovery, 'r')).runWith(Sink.head(), mat);

const client = new Kafka({ brokers, logLevel: logLevel.NOTHING });
const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
let handTopics = 0;
for (let i = 0; i <= Samples; i++) kafka.createTopic(`bench-hand-${String(i)}`, 1);
async function handWritten(): Promise<number> {
  const key = `h-${String(sample++)}`;
  const topic = `bench-hand-${String(handTopics++ % (Samples + 1))}`;
  for (let n = 1; n <= N; n += 1000) {
    const messages = [];
    for (let i = n; i < n + 1000; i++)
      messages.push({ key, value: JSON.stringify(i), partition: 0 });
    await producer.send({ topic, acks: -1, messages });
  }
  return (N * (N + 1)) / 2;
}

// A plain consumer of the recovery topic, joined once; each sample seeks to 0 and folds N records.
const rawConsumer = client.consumer({ groupId: 'bench-raw', maxWaitTimeInMs: 50 });
let rawSample:
  { next: number; total: number; readonly resolve: (total: number) => void } | undefined;
function rawRecover(): Promise<number> {
  return new Promise((resolve) => {
    rawSample = { next: 0, total: 0, resolve };
    rawConsumer.seek({ topic: 'bench-recovery', partition: 0, offset: '0' });
  });
}

// Check before timing: every contender computes the same total.
const expected = (N * (N + 1)) / 2;
const filled = await Source.range(1, N).via(counter(recovery, 'r')).runWith(Sink.last(), mat);
await rawConsumer.connect();
await rawConsumer.subscribe({ topics: ['bench-recovery'], fromBeginning: true });
await rawConsumer.run({
  autoCommit: false,
  eachBatch: ({ batch }) => {
    const s = rawSample;
    if (s === undefined) return Promise.resolve();
    for (const m of batch.messages) {
      // batches fetched before the sample's seek continue some other position: skip them
      if (Number(m.offset) !== s.next) continue;
      s.next++;
      s.total += JSON.parse(m.value?.toString() ?? '0') as number;
    }
    if (s.next >= N) {
      rawSample = undefined;
      s.resolve(s.total);
    }
    return Promise.resolve();
  },
});
const checks: [string, number][] = [
  ['sluice persist', await persist()],
  ['sluice fill', filled],
  ['sluice recover', await recover()],
  ['hand-written', await handWritten()],
  ['raw kafkajs recover', await rawRecover()],
];
for (const [name, total] of checks) {
  if (total !== expected)
    throw new Error(`${name}: total ${String(total)}, expected ${String(expected)}`);
}

const contenders: [string, () => Promise<number>][] = [
  ['persist 100k: sluice EventSourcing.flow on KafkaJournal', persist],
  ['persist 100k: hand-written kafkajs, 1,000 records per send', handWritten],
  ['recover 100k: sluice EventSourcing.flow on KafkaJournal', recover],
  ['recover 100k: plain kafkajs consumer, JSON fold', rawRecover],
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, f] of contenders) {
    const stats = await measure(f, {
      min_samples: Samples,
      max_samples: Samples,
      min_cpu_time: 0,
    });
    const meanS = stats.avg / 1e9;
    console.log(
      `${name}: mean ${meanS.toFixed(2)} s (min ${(stats.min / 1e9).toFixed(2)}, max ${(stats.max / 1e9).toFixed(2)}), ${Math.round(N / meanS).toLocaleString('en')} events/s`,
    );
  }
  await producer.disconnect();
  await rawConsumer.disconnect();
  for (const journal of writeJournals) await journal.close();
  await recovery.close();
  await kafka.stop();
}
