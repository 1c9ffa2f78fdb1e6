import { execFile } from 'node:child_process';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedKafka } from 'sluice/testkit';

/** Runs kcat to completion; resolves with stdout and stderr, rejects on a non-zero exit. */
function kcat(args: string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', args, { timeout: 20_000 }, (err, stdout, stderr) => {
      if (err === null) resolve({ stdout, stderr });
      else reject(new Error(`kcat ${args.join(' ')} failed: ${stderr}`, { cause: err }));
    });
    child.stdin?.end(input ?? '');
  });
}

let kafka: EmbeddedKafka;
const logs: string[] = [];
let brokers: string;

beforeAll(async () => {
  kafka = await EmbeddedKafka.start({
    brokers: 2,
    log: (line) => {
      logs.push(line);
    },
  });
  brokers = kafka.bootstrapServers.join(',');
});

afterAll(async () => {
  await kafka.stop();
  // No malformed request or handler failure from either client in any test.
  expect(logs).toEqual([]);
});

/** Produces `lines` with kcat in one transaction, committed when stdin ends. */
const kcatTxnProduce = (topic: string, transactionalId: string, lines: string[]) =>
  kcat(
    ['-b', brokers, '-P', '-t', topic, '-X', `transactional.id=${transactionalId}`],
    lines.map((l) => `${l}\n`).join(''),
  );

/** Reads `topic` from the beginning to its end (the LSO under read_committed). */
const kcatRead = async (topic: string, isolation: 'read_committed' | 'read_uncommitted') => {
  const { stdout } = await kcat([
    '-b',
    brokers,
    '-C',
    '-t',
    topic,
    '-o',
    'beginning',
    '-e',
    '-X',
    `isolation.level=${isolation}`,
    '-f',
    '%s\n',
  ]);
  return stdout.split('\n').filter((l) => l !== '');
};

/**
 * The transaction markers of `topic/partition` in log order. A marker ends an aborted transaction
 * when the broker's abort index (what Fetch hands read_committed clients) ends there.
 */
function markers(topic: string, partition = 0): ('commit' | 'abort')[] {
  const log = kafka.cluster.partition(topic, partition);
  if (log === undefined) throw new Error(`no partition ${topic}/${String(partition)}`);
  return log.batches
    .filter((b) => b.isControl)
    .map((b) => (log.abortedTxns.some((t) => t.lastOffset === b.baseOffset) ? 'abort' : 'commit'));
}

async function kafkajsTransactional(transactionalId: string): Promise<Producer> {
  const client = new Kafka({
    clientId: 'spec',
    brokers: kafka.bootstrapServers,
    logLevel: logLevel.NOTHING,
  });
  const producer = client.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}

describe('transactions with kcat (librdkafka 2.0.2)', () => {
  it('commits a kcat -X transactional.id produce that a read_committed kcat reads back', async () => {
    kafka.createTopic('kcat-txn', 1);
    const { stderr } = await kcatTxnProduce('kcat-txn', 'kcat-tx-commit', ['a', 'b', 'c']);
    expect(stderr).toContain('Transaction successfully committed');

    expect(await kcatRead('kcat-txn', 'read_committed')).toEqual(['a', 'b', 'c']);
    const log = kafka.cluster.partition('kcat-txn', 0);
    const data = log?.batches.filter((b) => !b.isControl) ?? [];
    expect(data.length).toBeGreaterThan(0);
    expect(data.every((b) => b.isTransactional && b.producerId >= 0n)).toBe(true);
    expect(markers('kcat-txn')).toEqual(['commit']);
    expect([log?.lastStableOffset, log?.highWatermark]).toEqual([4, 4]);
    expect(log?.openTxns.size).toBe(0);
  });

  it('commits a second kcat transaction under the same transactional.id', async () => {
    kafka.createTopic('kcat-txn-again', 1);
    await kcatTxnProduce('kcat-txn-again', 'kcat-tx-reused', ['first']);
    await kcatTxnProduce('kcat-txn-again', 'kcat-tx-reused', ['second']);
    expect(await kcatRead('kcat-txn-again', 'read_committed')).toEqual(['first', 'second']);
    expect(markers('kcat-txn-again')).toEqual(['commit', 'commit']);
  });

  it('commits one kcat transaction across partitions led by different brokers', async () => {
    kafka.createTopic('kcat-txn-spread', 2);
    const leaders = [0, 1].map((p) => {
      const log = kafka.cluster.partition('kcat-txn-spread', p);
      return log === undefined ? -1 : kafka.cluster.leaderOf(log);
    });
    expect(new Set(leaders).size).toBe(2);
    // librdkafka's default partitioner is crc32(key) % partitions: key d → 0, key a → 1.
    const input = 'd:p0-first\na:p1-first\nd:p0-second\na:p1-second\n';
    await kcat(
      [
        '-b',
        brokers,
        '-P',
        '-t',
        'kcat-txn-spread',
        '-X',
        'transactional.id=kcat-tx-spread',
        '-K',
        ':',
      ],
      input,
    );
    const values = (p: number) =>
      kafka.records('kcat-txn-spread', p).map((r) => r.value?.toString());
    expect([values(0), values(1)]).toEqual([
      ['p0-first', 'p0-second'],
      ['p1-first', 'p1-second'],
    ]);
    expect((await kcatRead('kcat-txn-spread', 'read_committed')).sort()).toEqual([
      'p0-first',
      'p0-second',
      'p1-first',
      'p1-second',
    ]);
    expect([markers('kcat-txn-spread', 0), markers('kcat-txn-spread', 1)]).toEqual([
      ['commit'],
      ['commit'],
    ]);
  });

  it('hides an aborted kafkajs transaction from a read_committed kcat consumer', async () => {
    kafka.createTopic('mixed-txn', 1);
    const producer = await kafkajsTransactional('kafkajs-tx-abort');
    try {
      const committed = await producer.transaction();
      await committed.send({ topic: 'mixed-txn', messages: [{ value: 'kafkajs-committed' }] });
      await committed.commit();
      const aborted = await producer.transaction();
      await aborted.send({
        topic: 'mixed-txn',
        messages: [{ value: 'kafkajs-aborted-1' }, { value: 'kafkajs-aborted-2' }],
      });
      await aborted.abort();
    } finally {
      await producer.disconnect();
    }
    await kcatTxnProduce('mixed-txn', 'kcat-tx-after-abort', ['kcat-committed']);

    expect(await kcatRead('mixed-txn', 'read_committed')).toEqual([
      'kafkajs-committed',
      'kcat-committed',
    ]);
    // The aborted records are in the log; only the abort marker hides them.
    expect(await kcatRead('mixed-txn', 'read_uncommitted')).toEqual([
      'kafkajs-committed',
      'kafkajs-aborted-1',
      'kafkajs-aborted-2',
      'kcat-committed',
    ]);
    expect(markers('mixed-txn')).toEqual(['commit', 'abort', 'commit']);
    expect(kafka.cluster.partition('mixed-txn', 0)?.abortedTxns).toHaveLength(1);
  });
});
