/**
 * Real clients against the embedded broker: kafkajs (high-level and its own Broker class
 * for plain fetches without a consumer group) and kcat (librdkafka) in a child process.
 */
import { execFile, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { Kafka, logLevel, type KafkaConfig } from 'kafkajs';
import { afterEach } from 'vitest';
import { EmbeddedKafka, type EmbeddedKafkaOptions } from '../../../../src/testkit/broker/index.js';

const running: EmbeddedKafka[] = [];
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const c of cleanups.splice(0)) await c().catch(() => undefined);
  for (const k of running.splice(0)) await k.stop();
});

/** Starts a broker that is stopped after the current test; log lines go to `logs`. */
export async function startKafka(
  options: EmbeddedKafkaOptions = {},
): Promise<{ kafka: EmbeddedKafka; logs: string[] }> {
  const logs: string[] = [];
  const kafka = await EmbeddedKafka.start({
    log: (line) => {
      logs.push(line);
    },
    ...options,
  });
  running.push(kafka);
  return { kafka, logs };
}

/** Registers a cleanup (disconnect a client) to run after the current test. */
export function onCleanup(fn: () => Promise<void>): void {
  cleanups.push(fn);
}

/** A kafkajs client with quick retries, so error paths stay fast. */
export function kafkajs(kafka: EmbeddedKafka, config: Partial<KafkaConfig> = {}): Kafka {
  return new Kafka({
    clientId: 'spec',
    brokers: kafka.bootstrapServers,
    logLevel: logLevel.NOTHING,
    retry: { initialRetryTime: 50, maxRetryTime: 500, retries: 8 },
    ...config,
  });
}

/** A message as kafkajs's Fetch decoder returns it. */
export interface FetchedMessage {
  offset: string;
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  headers: Record<string, Buffer | undefined>;
  isControlRecord?: boolean;
}

/** One partition of a kafkajs Fetch response. */
export interface FetchedPartition {
  partition: number;
  errorCode: number;
  highWatermark: string;
  lastStableOffset: string;
  abortedTransactions: { producerId: string; firstOffset: string }[];
  messages: FetchedMessage[];
}

interface KafkajsBroker {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  offsetFetch(args: {
    groupId: string;
    topics: { topic: string; partitions: { partition: number }[] }[];
  }): Promise<{
    responses: {
      topic: string;
      partitions: { partition: number; offset: string; metadata: string | null }[];
    }[];
  }>;
  fetch(args: {
    isolationLevel?: number;
    maxWaitTime?: number;
    minBytes?: number;
    maxBytes?: number;
    topics: {
      topic: string;
      partitions: { partition: number; fetchOffset: string; maxBytes: number }[];
    }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>;
}

type Ctor<T> = new (options: Record<string, unknown>) => T;
const require = createRequire(import.meta.url);
const Batch = require('kafkajs/src/consumer/batch.js') as new (
  topic: string,
  fetchedOffset: string,
  partition: FetchedPartition,
) => { messages: FetchedMessage[] };

/**
 * kafkajs's own Broker (the class its consumer fetches with), connected to one address.
 * It decodes Fetch responses with kafkajs's record batch reader, abort filtering included.
 */
export async function kafkajsBroker(hostPort: string): Promise<KafkajsBroker> {
  const [host, port] = hostPort.split(':');
  const Broker = require('kafkajs/src/broker/index.js') as Ctor<KafkajsBroker>;
  const ConnectionPool = require('kafkajs/src/network/connectionPool.js') as Ctor<object>;
  const loggers = require('kafkajs/src/loggers/index.js') as {
    createLogger: (o: { level: number; logCreator: () => () => void }) => object;
  };
  const socketFactory = (require('kafkajs/src/network/socketFactory.js') as () => unknown)();
  const logger = loggers.createLogger({ level: 0, logCreator: () => () => undefined });
  const connectionPool = new ConnectionPool({
    host,
    port: Number(port),
    logger,
    socketFactory,
    clientId: 'spec-fetch',
    connectionTimeout: 2000,
    requestTimeout: 30000,
    enforceRequestTimeout: true,
  });
  const broker = new Broker({ connectionPool, logger });
  await broker.connect();
  onCleanup(() => broker.disconnect());
  return broker;
}

/** Fetches `topic/partition` from `offset` with kafkajs until the high watermark. */
export async function fetchAll(
  kafka: EmbeddedKafka,
  topic: string,
  partition: number,
  options: { offset?: number; isolationLevel?: number; leader?: string | undefined } = {},
): Promise<{ messages: FetchedMessage[]; last: FetchedPartition }> {
  const broker = await kafkajsBroker(options.leader ?? kafka.bootstrapServers[0] ?? '');
  const messages: FetchedMessage[] = [];
  let offset = options.offset ?? 0;
  for (;;) {
    const res = await broker.fetch({
      isolationLevel: options.isolationLevel ?? 1,
      maxWaitTime: 0,
      topics: [
        { topic, partitions: [{ partition, fetchOffset: String(offset), maxBytes: 1 << 20 }] },
      ],
    });
    const p = res.responses[0]?.partitions[0];
    if (p === undefined) throw new Error('empty fetch response');
    // kafkajs's consumer Batch drops records below the fetch offset, control records and
    // records of aborted transactions, exactly as its consumer does.
    messages.push(...new Batch(topic, String(offset), p).messages);
    const lastOffset = p.messages.at(-1)?.offset;
    const end = Number(options.isolationLevel === 0 ? p.highWatermark : p.lastStableOffset);
    if (lastOffset === undefined || Number(lastOffset) + 1 >= end) return { messages, last: p };
    offset = Number(lastOffset) + 1;
  }
}

/** Runs kcat and resolves with its stdout; rejects with stderr on a non-zero exit. */
export function kcat(args: string[], input?: string, timeoutMs = 15_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      if (err !== null)
        reject(new Error(`kcat ${args.join(' ')} failed: ${stderr}`, { cause: err }));
      else resolve(stdout);
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Spawns a long-running process and resolves with it once `ready` matches its stdout. */
export function spawnUntil(
  command: string,
  args: string[],
  ready: RegExp,
): Promise<{ child: ReturnType<typeof spawn>; line: string }> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = ready.exec(out);
      if (m !== null) resolve({ child, line: m[0] });
    });
    child.on('exit', (code) => {
      reject(new Error(`${command} exited with ${code ?? 'signal'} before ready: ${out}`));
    });
  });
}
