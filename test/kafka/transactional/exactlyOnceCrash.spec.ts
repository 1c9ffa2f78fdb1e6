import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { EmbeddedKafka } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readCommitted, readUncommitted } from './readCommitted.js';

const child = fileURLToPath(new URL('./crashChild.ts', import.meta.url));
const PARTITIONS = 2;

// Each is a distinct moment between consuming, producing and committing a transaction.
const killPoints = [
  'Response:Fetch:2',
  'Records:3',
  'Request:AddPartitionsToTxn:1',
  'Response:Produce:1',
  'Request:AddOffsetsToTxn:1',
  'Request:TxnOffsetCommit:1',
  'Response:TxnOffsetCommit:1',
  'Request:EndTxn:1',
  'Response:EndTxn:1',
  'Response:Produce:3',
  'Request:EndTxn:2',
  'Response:EndTxn:2',
];

let kafka: EmbeddedKafka;
let client: Kafka;

beforeAll(async () => {
  kafka = await EmbeddedKafka.start({
    port: 0,
    log: () => undefined,
    groups: { minSessionTimeoutMs: 100 },
  });
  client = new Kafka({ brokers: kafka.bootstrapServers, logLevel: logLevel.NOTHING });
});
afterAll(async () => {
  await kafka.stop();
});

function start(env: Record<string, string>): ChildProcess {
  return fork(child, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

function exited(proc: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    proc.once('exit', (code, signal) => {
      resolve({ code, signal });
    });
  });
}

function committedOutput(topic: string): string[] {
  const all: string[] = [];
  for (let p = 0; p < PARTITIONS; p++) all.push(...readCommitted(kafka, topic, p));
  return all.sort();
}

function storedOutput(topic: string): number {
  let n = 0;
  for (let p = 0; p < PARTITIONS; p++) n += readUncommitted(kafka, topic, p).length;
  return n;
}

describe('Transactional.source → map → Transactional.sink under SIGKILL', () => {
  it(`keeps every input exactly once across ${killPoints.length} crashes between produce and commit`, async () => {
    const [input, output] = ['eos-in', 'eos-out'];
    kafka.createTopic(input, PARTITIONS);
    kafka.createTopic(output, PARTITIONS);
    const env = {
      BOOTSTRAP: kafka.bootstrapServers[0] as string,
      INPUT: input,
      OUTPUT: output,
      GROUP: 'eos-group',
      TXN_ID: 'eos-copier',
    };
    const producer = client.producer();
    await producer.connect();
    const inputs: string[] = [];
    for (const [round, point] of killPoints.entries()) {
      // Fresh input for every run, one record per batch so fetches stay small.
      for (let i = 0; i < 4; i++) {
        const value = `r${round}-${i}`;
        inputs.push(value);
        await producer.send({ topic: input, messages: [{ value, partition: i % PARTITIONS }] });
      }
      const proc = start({ ...env, KILL_AT: point });
      const result = await exited(proc);
      expect(result, `the child reached ${point}`).toEqual({ code: null, signal: 'SIGKILL' });
    }
    await producer.disconnect();

    const last = start(env);
    const lastExit = exited(last);
    await vi.waitFor(
      () => {
        expect(committedOutput(output).length).toBeGreaterThanOrEqual(inputs.length);
      },
      { timeout: 20_000, interval: 50 },
    );
    last.send('stop');
    expect(await lastExit).toEqual({ code: 0, signal: null });

    // Exactly once: the read_committed output is the input, each value once.
    const seen = committedOutput(output);
    expect(seen).toHaveLength(inputs.length);
    expect(new Set(seen).size).toBe(inputs.length);
    expect(seen).toEqual([...inputs].sort());
    // The crashes did leave work behind that had to be aborted and redone.
    expect(storedOutput(output)).toBeGreaterThan(inputs.length);
    const committed = kafka.committedOffsets('eos-group');
    expect(committed.reduce((sum, o) => sum + Number(o.offset), 0)).toBe(inputs.length);
  }, 120_000);
});
