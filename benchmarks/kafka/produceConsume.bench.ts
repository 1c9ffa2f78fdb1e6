/**
 * Produce and consume 100,000 records of 100 bytes with kafkajs, against the embedded broker
 * and against librdkafka's mock cluster (started by kcat) in the same run.
 *
 * Standalone: `npx tsx benchmarks/kafka/produceConsume.bench.ts`; `npm run bench` runs it
 * with the other benchmarks. Both print records/s per target after mitata's report.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel, type Consumer, type Message, type Producer } from 'kafkajs';
import { bench, run, summary } from 'mitata';
import { EmbeddedKafka } from 'sluice/testkit';

const RECORDS = 100_000;
const VALUE_BYTES = 100;
const PER_SEND = 1_000;
/**
 * The mock keeps at most 5 MiB per partition and silently drops older batches. It creates
 * topics with 4 partitions on first use (kafkajs cannot reach its controller to create them
 * explicitly), so the embedded broker auto-creates 4 too. 100,000 records are ~11 MB on the
 * wire, ~2.8 MB per partition: each round fits, and the consume bench reads a round before
 * producing the next.
 */
const PARTITIONS = 4;

/** One `producer.send` payload, built once: the same 100-byte value in every message. */
const MESSAGES: Message[] = Array.from({ length: PER_SEND }, () => ({
  value: Buffer.alloc(VALUE_BYTES, 0x61),
}));

interface Target {
  readonly name: string;
  readonly brokers: string[];
  /** Makes `topic` exist with PARTITIONS partitions, the way this target allows. */
  createTopic(kafka: Kafka, topic: string): Promise<void>;
  stop(): Promise<void>;
}

async function startEmbedded(): Promise<Target> {
  const kafka = await EmbeddedKafka.start({ defaultPartitions: PARTITIONS });
  return {
    name: 'embedded',
    brokers: kafka.bootstrapServers,
    createTopic: (_client, topic) => {
      kafka.createTopic(topic, PARTITIONS);
      return Promise.resolve();
    },
    stop: () => kafka.stop(),
  };
}

/**
 * Starts librdkafka's mock cluster inside an idle `kcat -P` (it waits on stdin) and reads
 * the mock's address from the notice librdkafka logs when it replaces bootstrap.servers.
 * No `-d mock`: that debug log would cost the mock a line per request.
 */
function startMock(): Promise<Target> {
  const child = spawn(
    'kcat',
    ['-X', 'test.mock.num.brokers=1', '-b', 'dummy', '-P', '-t', 'idle'],
    {
      stdio: ['pipe', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let err = '';
    const onData = (d: Buffer): void => {
      err += d.toString();
      const m = /(?:replaced with|bootstrap\.servers=)\s*(\S+:\d+)/.exec(err);
      if (m?.[1] === undefined) return;
      child.stderr.off('data', onData);
      // Keep draining stderr so kcat never blocks on a full pipe.
      child.stderr.resume();
      resolve({
        name: 'librdkafka mock',
        brokers: [m[1]],
        createTopic: autoCreate,
        stop: () => stopChild(child),
      });
    };
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => {
      reject(new Error(`kcat mock exited with ${String(code)} before its address: ${err}`));
    });
  });
}

/** Ends kcat's stdin first: `kcat -P` reads stdin to the end before it acts on a signal. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.stdin?.end();
    child.kill('SIGTERM');
  });
}

const START = { embedded: startEmbedded, 'librdkafka mock': startMock } as const;
type TargetName = keyof typeof START;

function client(target: Target): Kafka {
  return new Kafka({
    clientId: 'bench',
    brokers: target.brokers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 100, retries: 10 },
  });
}

/** Sends RECORDS messages, PER_SEND per `producer.send`, one request at a time. */
async function produceAll(producer: Producer, topic: string): Promise<void> {
  for (let sent = 0; sent < RECORDS; sent += PER_SEND) {
    await producer.send({ topic, messages: MESSAGES });
  }
}

/** Records/s of each measured sample, per workload and target; printed on exit. */
const results = new Map<string, number[]>();
/** mitata calls a benchmark once to warm up before sampling; that call is not recorded. */
const warmedUp = new Set<string>();
function record(workload: string, target: TargetName, ns: number): void {
  const key = `${workload}\t${target}`;
  if (!warmedUp.has(key)) {
    warmedUp.add(key);
    return;
  }
  const list = results.get(key) ?? [];
  list.push(RECORDS / (ns / 1e9));
  results.set(key, list);
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function printResults(): void {
  const rate = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(9);
  console.log(`\n${RECORDS} records × ${VALUE_BYTES} B, kafkajs, records/s (median, min–max):`);
  for (const [key, xs] of results) {
    const [workload = '', target = ''] = key.split('\t');
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    console.log(
      `  ${workload.padEnd(17)} ${target.padEnd(16)} ${rate(median(xs))}  (${rate(lo).trim()}–${rate(hi).trim()}, ${xs.length} samples)`,
    );
  }
}

/**
 * kafkajs cannot create topics on the mock (its Metadata names no controller it can reach),
 * but the mock creates any topic a Metadata request names, with 4 partitions.
 */
async function autoCreate(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.fetchTopicMetadata({ topics: [topic] });
  await admin.disconnect();
}

/** A fresh topic per sample, so rounds never pile up in one partition. */
let topicSeq = 0;
async function freshTopic(target: Target, kafka: Kafka, prefix: string): Promise<string> {
  const topic = `${prefix}-${String(++topicSeq)}`;
  await target.createTopic(kafka, topic);
  const admin = kafka.admin();
  await admin.connect();
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  await admin.disconnect();
  const partitions = topics[0]?.partitions.length;
  if (partitions !== PARTITIONS) {
    throw new Error(
      `${topic} has ${String(partitions)} partitions, expected ${String(PARTITIONS)}`,
    );
  }
  return topic;
}

/** Sum of the partitions' end offsets: what a correct produce round must reach. */
async function endOffsets(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

function produceBench(name: TargetName): void {
  bench(`produce: ${name}`, async function* () {
    const target = await START[name]();
    const kafka = client(target);
    const producer = kafka.producer();
    await producer.connect();
    // Checked before timing: a round lands exactly RECORDS records in the topic.
    const check = await freshTopic(target, kafka, 'produce-check');
    await produceAll(producer, check);
    const stored = await endOffsets(kafka, check);
    if (stored !== RECORDS) throw new Error(`${name}: produced ${RECORDS}, stored ${stored}`);
    yield {
      [0]: () => freshTopic(target, kafka, 'produce'),
      async manual(topic: string): Promise<number> {
        const t0 = process.hrtime.bigint();
        await produceAll(producer, topic);
        const ns = Number(process.hrtime.bigint() - t0);
        record('produce', name, ns);
        return ns;
      },
    };
    await producer.disconnect();
    await target.stop();
  });
}

/**
 * One consumer joins once, outside the timing. Each sample pauses it, produces a round
 * (untimed), resumes it, and times from the first delivered batch to the last record.
 */
function consumeBench(name: TargetName): void {
  bench(`eachBatch consume: ${name}`, async function* () {
    const target = await START[name]();
    const kafka = client(target);
    const producer = kafka.producer();
    await producer.connect();
    const topic = await freshTopic(target, kafka, 'consume');
    const consumer: Consumer = kafka.consumer({ groupId: `bench-${name}`, maxBytes: 10 << 20 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });

    let expected = 0;
    let seen = 0;
    let firstAt = 0n;
    let onDone: ((ns: number) => void) | undefined;
    const joined = new Promise<void>((resolve) => {
      consumer.on(consumer.events.GROUP_JOIN, () => {
        resolve();
      });
    });
    await consumer.run({
      eachBatch: async ({ batch }) => {
        if (firstAt === 0n) firstAt = process.hrtime.bigint();
        seen += batch.messages.length;
        if (seen >= expected && onDone !== undefined) {
          onDone(Number(process.hrtime.bigint() - firstAt));
          onDone = undefined;
        }
        return Promise.resolve();
      },
    });
    await joined;

    const round = async (): Promise<number> => {
      consumer.pause([{ topic }]);
      await produceAll(producer, topic);
      expected = seen + RECORDS;
      const done = new Promise<number>((resolve) => {
        onDone = resolve;
      });
      const before = seen;
      firstAt = 0n;
      consumer.resume([{ topic }]);
      const ns = await done;
      // Checked on every round, not only before timing: a lost or repeated batch fails it.
      if (seen !== before + RECORDS) {
        throw new Error(`${name}: expected ${RECORDS} records, consumed ${seen - before}`);
      }
      return ns;
    };
    await round();

    yield {
      async manual(): Promise<number> {
        const ns = await round();
        record('eachBatch consume', name, ns);
        return ns;
      },
    };
    await consumer.disconnect();
    await producer.disconnect();
    await target.stop();
  });
}

summary(() => {
  produceBench('embedded');
  produceBench('librdkafka mock');
});
summary(() => {
  consumeBench('embedded');
  consumeBench('librdkafka mock');
});

process.once('beforeExit', printResults);

// `npm run bench` imports this file and runs every registered benchmark itself.
if (process.argv[1] === fileURLToPath(import.meta.url)) await run();
