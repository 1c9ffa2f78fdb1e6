import { gzipSync } from 'node:zlib';
import { CompressionTypes, Partitioners } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/testkit/broker/errors.js';
import {
  ProduceRequest,
  ProduceResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { crc32, toMessageSet } from '../../../src/testkit/broker/protocol/messageSet.js';
import { encodeBatch } from '../../../src/testkit/broker/protocol/recordBatch.js';
import { RawClient } from './helpers/RawClient.js';
import { fetchAll, kafkajs, onCleanup, startKafka } from './helpers/clients.js';

async function producerFor(kafka: Awaited<ReturnType<typeof startKafka>>['kafka']) {
  const producer = kafkajs(kafka).producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  onCleanup(() => producer.disconnect());
  return producer;
}

describe('Produce with kafkajs', () => {
  it('appends with acks -1 and 1 and reports offsets, and kafkajs fetches them back', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('orders', 1);
    const producer = await producerFor(kafka);
    const first = await producer.send({
      topic: 'orders',
      acks: -1,
      messages: [
        { key: 'k1', value: 'v1', headers: { trace: 'abc', empty: '' } },
        { key: null, value: 'v2' },
      ],
    });
    expect(first[0]).toMatchObject({ errorCode: 0, baseOffset: '0' });
    const second = await producer.send({ topic: 'orders', acks: 1, messages: [{ value: 'v3' }] });
    expect(second[0]).toMatchObject({ errorCode: 0, baseOffset: '2' });

    const { messages, last } = await fetchAll(kafka, 'orders', 0);
    expect(messages.map((m) => [m.offset, m.key?.toString() ?? null, m.value?.toString()])).toEqual(
      [
        ['0', 'k1', 'v1'],
        ['1', null, 'v2'],
        ['2', null, 'v3'],
      ],
    );
    expect(messages[0]?.headers['trace']?.toString()).toBe('abc');
    expect(messages[0]?.headers['empty']?.toString()).toBe('');
    expect(last.highWatermark).toBe('3');
  });

  it('appends acks 0 without answering, and later requests still line up', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('fire', 1);
    const producer = await producerFor(kafka);
    const res = await producer.send({ topic: 'fire', acks: 0, messages: [{ value: 'a' }] });
    expect(res).toEqual([]);
    const next = await producer.send({ topic: 'fire', acks: 1, messages: [{ value: 'b' }] });
    expect(next[0]?.baseOffset).toBe('1');
    expect(kafka.records('fire', 0).map((r) => r.value?.toString())).toEqual(['a', 'b']);
  });

  it('stores gzip batches as sent and decodes them for kafkajs and the records hook', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('zipped', 1);
    const producer = await producerFor(kafka);
    const values = Array.from({ length: 50 }, (_, i) => `value-${i}-${'x'.repeat(i)}`);
    await producer.send({
      topic: 'zipped',
      compression: CompressionTypes.GZIP,
      messages: values.map((value) => ({ value })),
    });
    expect(kafka.records('zipped', 0).map((r) => r.value?.toString())).toEqual(values);
    const { messages } = await fetchAll(kafka, 'zipped', 0);
    expect(messages.map((m) => m.value?.toString())).toEqual(values);
  });

  it('routes keys to partitions with the default partitioner, same key same partition', async () => {
    const { kafka } = await startKafka({ defaultPartitions: 4 });
    kafka.createTopic('keyed', 4);
    const producer = await producerFor(kafka);
    const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'b'];
    await producer.send({
      topic: 'keyed',
      messages: keys.map((key, i) => ({ key, value: String(i) })),
    });
    const byKey = new Map<string, Set<number>>();
    let total = 0;
    for (let p = 0; p < 4; p++) {
      for (const r of kafka.records('keyed', p)) {
        const key = r.key?.toString() ?? '';
        byKey.set(key, (byKey.get(key) ?? new Set()).add(p));
        total++;
      }
    }
    expect(total).toBe(keys.length);
    for (const partitions of byKey.values()) expect(partitions.size).toBe(1);
    expect(new Set([...byKey.values()].flatMap((s) => [...s])).size).toBeGreaterThan(1);
  });

  it('auto-creates a topic on the producer metadata request', async () => {
    const { kafka } = await startKafka({ defaultPartitions: 2 });
    const producer = await producerFor(kafka);
    await producer.send({ topic: 'fresh', messages: [{ value: 'x' }] });
    expect(kafka.cluster.topics.get('fresh')?.partitions).toHaveLength(2);
  });

  it('refuses a batch above max.message.bytes with MESSAGE_TOO_LARGE', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('small', 1, { 'max.message.bytes': '200' });
    const producer = await producerFor(kafka);
    await expect(
      producer.send({ topic: 'small', messages: [{ value: 'y'.repeat(500) }] }),
    ).rejects.toMatchObject({ type: 'MESSAGE_TOO_LARGE' });
  });
});

/** A magic 1 wrapper message whose value is `inner` gzipped, as old producers compress. */
function gzipWrapper(inner: Buffer): Buffer {
  const value = gzipSync(inner);
  const body = Buffer.alloc(1 + 1 + 8 + 4 + 4 + value.length);
  body.writeInt8(1, 0);
  body.writeInt8(1, 1); // attributes: gzip
  body.writeBigInt64BE(5000n, 2);
  body.writeInt32BE(-1, 10); // null key
  body.writeInt32BE(value.length, 14);
  value.copy(body, 18);
  const head = Buffer.alloc(16);
  head.writeInt32BE(4 + body.length, 8);
  head.writeUInt32BE(crc32(body), 12);
  return Buffer.concat([head, body]);
}

describe('Produce v0-2 (message sets)', () => {
  it('up-converts magic 0, magic 1 and gzip-wrapped sets into v2 batches', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('old', 1);
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    onCleanup(() => {
      client.close();
      return Promise.resolve();
    });
    const batch = encodeBatch({
      records: [
        { key: Buffer.from('k'), value: Buffer.from('a'), timestamp: 1000 },
        { value: Buffer.from('b'), timestamp: 2000 },
      ],
    });
    const sets: [number, Buffer][] = [
      [0, toMessageSet([batch], 0, 0)],
      [2, toMessageSet([batch], 1, 0)],
      [2, gzipWrapper(toMessageSet([batch], 1, 0))],
    ];
    const offsets: bigint[] = [];
    for (const [version, records] of sets) {
      const res = await client.request(0, version, ProduceRequest, ProduceResponse, {
        transactionalId: null,
        acks: 1,
        timeoutMs: 1000,
        topicData: [{ name: 'old', partitionData: [{ index: 0, records }] }],
      });
      expect(res.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
      offsets.push(res.responses[0]?.partitionResponses[0]?.baseOffset ?? -1n);
    }
    expect(offsets).toEqual([0n, 2n, 4n]);
    const stored = kafka.records('old', 0);
    expect(stored.map((r) => [r.key?.toString() ?? null, r.value?.toString()])).toEqual([
      ['k', 'a'],
      [null, 'b'],
      ['k', 'a'],
      [null, 'b'],
      ['k', 'a'],
      [null, 'b'],
    ]);
    expect(stored.slice(2, 4).map((r) => r.timestamp)).toEqual([1000, 2000]);

    const corrupt = toMessageSet([batch], 1, 0);
    corrupt[corrupt.length - 1] = 0x7a;
    const res = await client.request(0, 2, ProduceRequest, ProduceResponse, {
      transactionalId: null,
      acks: 1,
      timeoutMs: 1000,
      topicData: [{ name: 'old', partitionData: [{ index: 0, records: corrupt }] }],
    });
    expect(res.responses[0]?.partitionResponses[0]?.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
  });
});
