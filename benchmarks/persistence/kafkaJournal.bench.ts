/**
 * Persist 100,000 events, one per request, through `EventSourcing.flow` on a `KafkaJournal` (the
 * stage batches the requests arriving while a write is in flight; each write is one record batch,
 * read back before it is acknowledged), and recover them; against a hand-written kafkajs loop
 * with the same producer settings (idempotent, acks=all) sending 1,000 records per request, the
 * stage's default `maxBatch`. The broker is `EmbeddedKafka` in this process, over TCP on
 * 127.0.0.1. Persist samples append to one topic under fresh persistence ids; the recovery
 * samples read a topic holding only the 100,000 events they recover. A sample takes tens of
 * seconds, so this file measures 3 samples each with mitata's `measure` instead of `run()`'s 12.
 */
import { fileURLToPath } from 'node:url';
import { measure } from 'mitata';
import { Kafka, logLevel } from 'kafkajs';
import { Materializer, Sink, Source } from '../../src/index.js';
import { KafkaJournal } from '../../src/persistence/index.js';
import { counterFlow } from './counterFlow.js';
import { EmbeddedKafka } from '../../src/testkit/index.js';

const N = Number(process.env['BENCH_N'] ?? 100_000);
const kafka = await EmbeddedKafka.start({ log: () => undefined });
const brokers = kafka.bootstrapServers;
const writes = await KafkaJournal.connect({ brokers, topic: 'bench-writes' });
const recovery = await KafkaJournal.connect({ brokers, topic: 'bench-recovery' });
const mat = new Materializer();

const counter = counterFlow;

let sample = 0;
const persist = (): Promise<number> =>
  Source.range(1, N)
    .via(counter(writes, `w-${String(sample++)}`))
    .runWith(Sink.last(), mat);
const recover = (): Promise<number> =>
  Source.single(0).via(counter(recovery, 'r')).runWith(Sink.head(), mat);

const client = new Kafka({ brokers, logLevel: logLevel.NOTHING });
const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
await producer.connect();
async function handWritten(): Promise<number> {
  const key = `h-${String(sample++)}`;
  for (let n = 1; n <= N; n += 1000) {
    const messages = [];
    for (let i = n; i < n + 1000; i++)
      messages.push({ key, value: JSON.stringify(i), partition: 0 });
    await producer.send({ topic: 'bench-writes', acks: -1, messages });
  }
  return (N * (N + 1)) / 2;
}

// Check before timing: every contender computes the same total.
const expected = (N * (N + 1)) / 2;
const filled = await Source.range(1, N).via(counter(recovery, 'r')).runWith(Sink.last(), mat);
const checks: [string, number][] = [
  ['sluice persist', await persist()],
  ['sluice fill', filled],
  ['sluice recover', await recover()],
  ['hand-written', await handWritten()],
];
for (const [name, total] of checks) {
  if (total !== expected)
    throw new Error(`${name}: total ${String(total)}, expected ${String(expected)}`);
}

const contenders: [string, () => Promise<number>][] = [
  ['persist 100k: sluice EventSourcing.flow on KafkaJournal', persist],
  ['persist 100k: hand-written kafkajs, 1,000 records per send', handWritten],
  ['recover 100k: sluice EventSourcing.flow on KafkaJournal', recover],
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const [name, f] of contenders) {
    const stats = await measure(f, { min_samples: 3, max_samples: 3, min_cpu_time: 0 });
    const meanS = stats.avg / 1e9;
    console.log(
      `${name}: mean ${meanS.toFixed(2)} s (min ${(stats.min / 1e9).toFixed(2)}, max ${(stats.max / 1e9).toFixed(2)}), ${Math.round(N / meanS).toLocaleString('en')} events/s`,
    );
  }
  await producer.disconnect();
  await writes.close();
  await recovery.close();
  await kafka.stop();
}
