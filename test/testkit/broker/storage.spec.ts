import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fetchAll, kafkajs, onCleanup, startKafka } from './helpers/clients.js';

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sluice-broker-'));
  onCleanup(() => {
    rmSync(dir, { recursive: true, force: true });
    return Promise.resolve();
  });
  return dir;
}

describe('dataDir storage', () => {
  it('keeps topics, configs, records and the log start across a restart', async () => {
    const dataDir = tempDir();
    const first = (await startKafka({ dataDir, brokers: 2 })).kafka;
    first.createTopic('kept', 2, { 'retention.bytes': '1000000' });
    const producer = kafkajs(first).producer({ idempotent: true });
    await producer.connect();
    await producer.send({
      topic: 'kept',
      messages: ['a', 'b', 'c'].map((value) => ({ value, partition: 1, key: value })),
    });
    await producer.send({ topic: 'kept', messages: [{ value: 'd', partition: 1 }] });
    await producer.disconnect();
    first.cluster.partition('kept', 1)?.deleteBefore(1);
    await first.stop();

    const second = (await startKafka({ dataDir, brokers: 2 })).kafka;
    const topic = second.cluster.topics.get('kept');
    expect(topic?.partitions).toHaveLength(2);
    expect(topic?.config('retention.bytes')).toBe('1000000');
    expect(second.records('kept', 1).map((r) => [r.offset, r.value?.toString()])).toEqual([
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
    ]);
    const leader =
      second.bootstrapServers[second.cluster.leaderOf(second.cluster.partition('kept', 1)!)];
    const { messages } = await fetchAll(second, 'kept', 1, { offset: 1, leader });
    expect(messages.map((m) => m.key?.toString() ?? null)).toEqual(['b', 'c', null]);
    // Producer ids continue after the ones in the log, so a new producer never collides.
    const producerIds = second.cluster.partition('kept', 1)?.batches.map((b) => b.producerId) ?? [];
    expect(second.cluster.allocateProducerId()).toBeGreaterThan(producerIds[0] ?? 0n);

    const appender = kafkajs(second).producer();
    await appender.connect();
    onCleanup(() => appender.disconnect());
    const [res] = await appender.send({ topic: 'kept', messages: [{ value: 'e', partition: 1 }] });
    expect(res?.baseOffset).toBe('4');
  });

  it('removes a deleted topic from disk', async () => {
    const dataDir = tempDir();
    const { kafka } = await startKafka({ dataDir });
    kafka.createTopic('gone', 2);
    kafka.createTopic('stays', 1);
    expect(readdirSync(dataDir).sort()).toEqual(['cluster.json', 'gone-0', 'gone-1', 'stays-0']);
    kafka.cluster.deleteTopic('gone');
    expect(readdirSync(dataDir).sort()).toEqual(['cluster.json', 'stays-0']);
    await kafka.stop();
    const again = (await startKafka({ dataDir })).kafka;
    expect([...again.cluster.topics.keys()]).toEqual(['stays']);
  });

  it('aborts a transaction left open at shutdown so the LSO is not stuck', async () => {
    const dataDir = tempDir();
    const first = (await startKafka({ dataDir })).kafka;
    first.createTopic('half', 1);
    const producer = kafkajs(first).producer({
      transactionalId: 'tx-half',
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const t = await producer.transaction();
    await t.send({ topic: 'half', messages: [{ value: 'never committed' }] });
    await first.stop();
    await producer.disconnect().catch(() => undefined);

    const second = (await startKafka({ dataDir })).kafka;
    const p = second.cluster.partition('half', 0)!;
    expect(p.lastStableOffset).toBe(p.highWatermark);
    expect(p.abortedTxns).toHaveLength(1);
  });
});
