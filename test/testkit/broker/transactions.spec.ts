import type { Producer } from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import { fetchAll, kafkajs, kcat, onCleanup, startKafka } from './helpers/clients.js';

async function transactional(kafka: EmbeddedKafka, transactionalId: string): Promise<Producer> {
  const producer = kafkajs(kafka).producer({
    transactionalId,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  onCleanup(() => producer.disconnect());
  return producer;
}

const consume = (
  kafka: EmbeddedKafka,
  topic: string,
  isolation: 'read_committed' | 'read_uncommitted',
) =>
  kcat([
    '-b',
    kafka.bootstrapServers.join(','),
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
  ]).then((out) => out.split('\n').filter((l) => l !== ''));

describe('transactions', () => {
  it('commits and aborts with kafkajs; read_committed readers see only committed data', async () => {
    const { kafka } = await startKafka({ brokers: 2 });
    kafka.createTopic('txn', 1);
    const producer = await transactional(kafka, 'tx-a');

    const t1 = await producer.transaction();
    await t1.send({ topic: 'txn', messages: [{ value: 'c1' }, { value: 'c2' }] });
    await t1.commit();
    const t2 = await producer.transaction();
    await t2.send({ topic: 'txn', messages: [{ value: 'aborted' }] });
    await t2.abort();
    const t3 = await producer.transaction();
    await t3.send({ topic: 'txn', messages: [{ value: 'c3' }] });
    await t3.commit();

    const p = kafka.cluster.partition('txn', 0)!;
    expect(p.batches.filter((b) => b.isControl)).toHaveLength(3);
    expect(p.abortedTxns).toHaveLength(1);
    expect(kafka.records('txn', 0).map((r) => r.value?.toString())).toEqual([
      'c1',
      'c2',
      'aborted',
      'c3',
    ]);

    expect(await consume(kafka, 'txn', 'read_committed')).toEqual(['c1', 'c2', 'c3']);
    expect(await consume(kafka, 'txn', 'read_uncommitted')).toEqual(['c1', 'c2', 'aborted', 'c3']);
    const leader = kafka.bootstrapServers[kafka.cluster.leaderOf(p)];
    const { messages, last } = await fetchAll(kafka, 'txn', 0, { leader });
    expect(messages.map((m) => m.value?.toString())).toEqual(['c1', 'c2', 'c3']);
    // c1 c2 COMMIT | aborted ABORT | c3 COMMIT: the aborted transaction starts at offset 3.
    expect(last.abortedTransactions.map((t) => t.firstOffset)).toEqual(['3']);
  });

  it('holds the last stable offset at an open transaction', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('open', 1);
    const producer = kafkajs(kafka).producer();
    await producer.connect();
    onCleanup(() => producer.disconnect());
    await producer.send({ topic: 'open', messages: [{ value: 'plain' }] });
    const tx = await transactional(kafka, 'tx-open');
    const t = await tx.transaction();
    await t.send({ topic: 'open', messages: [{ value: 'pending' }] });
    const p = kafka.cluster.partition('open', 0)!;
    expect([p.lastStableOffset, p.highWatermark]).toEqual([1, 2]);
    expect(await consume(kafka, 'open', 'read_committed')).toEqual(['plain']);
    const admin = kafkajs(kafka).admin();
    await admin.connect();
    onCleanup(() => admin.disconnect());
    expect(await admin.fetchTopicOffsets('open')).toEqual([
      { partition: 0, offset: '1', high: '1', low: '0' },
    ]);
    await t.commit();
    expect(p.lastStableOffset).toBe(3);
    expect(await consume(kafka, 'open', 'read_committed')).toEqual(['plain', 'pending']);
  });

  it('fences the older producer when a new one initialises the same transactional id', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('fence', 1);
    const old = await transactional(kafka, 'tx-fence');
    const t = await old.transaction();
    await t.send({ topic: 'fence', messages: [{ value: 'zombie' }] });
    const newer = await transactional(kafka, 'tx-fence');
    // kafkajs sends the transactional InitProducerId when the first transaction begins; it
    // aborts the open transaction and bumps the epoch.
    const t2 = await newer.transaction();
    expect(kafka.cluster.partition('fence', 0)?.abortedTxns).toHaveLength(1);
    await expect(t.send({ topic: 'fence', messages: [{ value: 'late' }] })).rejects.toMatchObject({
      type: 'INVALID_PRODUCER_EPOCH',
    });
    await t2.send({ topic: 'fence', messages: [{ value: 'fresh' }] });
    await t2.commit();
    expect(await consume(kafka, 'fence', 'read_committed')).toEqual(['fresh']);
  });

  it('aborts a transaction that outlives its timeout and fences its producer', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('slow', 1);
    const producer = kafkajs(kafka).producer({
      transactionalId: 'tx-slow',
      transactionTimeout: 100,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    onCleanup(() => producer.disconnect());
    const t = await producer.transaction();
    await t.send({ topic: 'slow', messages: [{ value: 'too late' }] });
    const p = kafka.cluster.partition('slow', 0)!;
    // The coordinator's own timer aborts it; wait for that state, not for a fixed time.
    await vi.waitFor(() => {
      expect(p.abortedTxns).toHaveLength(1);
    });
    expect(p.lastStableOffset).toBe(p.highWatermark);
    await expect(t.commit()).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });
  });

  it('commits consumer offsets sent with the transaction to the group coordinator', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('in', 1);
    kafka.createTopic('out', 1);
    const producer = await transactional(kafka, 'tx-offsets');
    const t = await producer.transaction();
    await t.send({ topic: 'out', messages: [{ value: 'derived' }] });
    await t.sendOffsets({
      consumerGroupId: 'billing',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '42' }] }],
    });
    expect(kafka.committedOffsets('billing')).toEqual([]);
    await t.commit();
    expect(kafka.committedOffsets('billing')).toMatchObject([
      { topic: 'in', partition: 0, offset: 42n },
    ]);
  });
});
