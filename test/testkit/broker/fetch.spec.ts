import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../src/testkit/broker/errors.js';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import {
  FetchRequest,
  FetchResponse,
} from '../../../src/testkit/broker/protocol/messages.generated.js';
import { crc32 } from '../../../src/testkit/broker/protocol/messageSet.js';
import { kafkajs, kafkajsBroker, onCleanup, startKafka } from './helpers/clients.js';
import { RawClient } from './helpers/RawClient.js';

const ZERO = '00000000-0000-0000-0000-000000000000';

async function produce(kafka: EmbeddedKafka, topic: string, batches: string[][]): Promise<void> {
  const producer = kafkajs(kafka).producer();
  await producer.connect();
  onCleanup(() => producer.disconnect());
  for (const values of batches) {
    await producer.send({ topic, messages: values.map((value) => ({ value, partition: 0 })) });
  }
}

function fetchRequest(topic: string, offset: bigint, partitionMaxBytes = 1 << 20): FetchRequest {
  return {
    clusterId: null,
    replicaId: -1,
    replicaState: { replicaId: -1, replicaEpoch: -1n },
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    sessionId: 0,
    sessionEpoch: -1,
    topics: [
      {
        topic,
        topicId: ZERO,
        partitions: [
          {
            partition: 0,
            currentLeaderEpoch: -1,
            fetchOffset: offset,
            lastFetchedEpoch: -1,
            logStartOffset: -1n,
            partitionMaxBytes,
            replicaDirectoryId: ZERO,
          },
        ],
      },
    ],
    forgottenTopicsData: [],
    rackId: '',
  };
}

/** Parses a magic 0/1 message set: offsets, values, and whether every CRC holds. */
function parseMessageSet(set: Buffer): {
  offsets: number[];
  values: string[];
  magic: number[];
  crcOk: boolean;
} {
  const out = {
    offsets: [] as number[],
    values: [] as string[],
    magic: [] as number[],
    crcOk: true,
  };
  let pos = 0;
  while (pos < set.length) {
    const size = set.readInt32BE(pos + 8);
    const crcStart = pos + 16;
    const end = pos + 12 + size;
    out.crcOk &&= set.readUInt32BE(pos + 12) === crc32(set, crcStart, end);
    out.offsets.push(Number(set.readBigInt64BE(pos)));
    const magic = set.readInt8(crcStart);
    out.magic.push(magic);
    let p = crcStart + 2 + (magic === 1 ? 8 : 0);
    const keyLength = set.readInt32BE(p);
    p += 4 + Math.max(keyLength, 0);
    const valueLength = set.readInt32BE(p);
    out.values.push(set.subarray(p + 4, p + 4 + Math.max(valueLength, 0)).toString());
    pos = end;
  }
  return out;
}

describe('Fetch', () => {
  it('long-polls until new data arrives, waking on the produce', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('poll', 1);
    const broker = await kafkajsBroker(kafka.bootstrapServers[0] ?? '');
    // maxWaitTime is far beyond the test timeout: only a wake-up can resolve this in time.
    const pending = broker.fetch({
      maxWaitTime: 120_000,
      minBytes: 1,
      topics: [
        { topic: 'poll', partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 1 << 20 }] },
      ],
    });
    await produce(kafka, 'poll', [['woken']]);
    const res = await pending;
    expect(res.responses[0]?.partitions[0]?.messages.map((m) => m.value?.toString())).toEqual([
      'woken',
    ]);
  });

  it('answers an empty partition after max_wait_ms with no records and no error', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('quiet', 1);
    const broker = await kafkajsBroker(kafka.bootstrapServers[0] ?? '');
    const res = await broker.fetch({
      maxWaitTime: 20,
      topics: [
        { topic: 'quiet', partitions: [{ partition: 0, fetchOffset: '0', maxBytes: 1 << 20 }] },
      ],
    });
    expect(res.responses[0]?.partitions[0]).toMatchObject({
      errorCode: 0,
      highWatermark: '0',
      messages: [],
    });
  });

  it('returns whole batches within partition_max_bytes, but always at least one', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('sized', 1);
    await produce(kafka, 'sized', [['a1', 'a2'], ['b1'], ['c1']]);
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    onCleanup(() => {
      client.close();
      return Promise.resolve();
    });
    const tiny = await client.request(
      1,
      11,
      FetchRequest,
      FetchResponse,
      fetchRequest('sized', 1n, 10),
    );
    const records = tiny.responses[0]?.partitions[0]?.records ?? Buffer.alloc(0);
    // The batch holding offset 1 starts at offset 0 and is returned whole.
    expect(records.readBigInt64BE(0)).toBe(0n);
    expect(records.length).toBe(12 + records.readInt32BE(8));
    const outOfRange = await client.request(
      1,
      11,
      FetchRequest,
      FetchResponse,
      fetchRequest('sized', 99n),
    );
    expect(outOfRange.responses[0]?.partitions[0]?.errorCode).toBe(ErrorCode.OFFSET_OUT_OF_RANGE);
  });

  it('down-converts to message sets for Fetch v0 (magic 0) and v3 (magic 1)', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('legacy', 1);
    await produce(kafka, 'legacy', [['m0', 'm1'], ['m2']]);
    const client = await RawClient.connect(kafka.bootstrapServers[0] ?? '');
    onCleanup(() => {
      client.close();
      return Promise.resolve();
    });
    for (const [version, magic] of [
      [0, 0],
      [3, 1],
    ] as const) {
      const res = await client.request(
        1,
        version,
        FetchRequest,
        FetchResponse,
        fetchRequest('legacy', 1n),
      );
      const set = parseMessageSet(res.responses[0]?.partitions[0]?.records ?? Buffer.alloc(0));
      expect(set).toEqual({
        offsets: [1, 2],
        values: ['m1', 'm2'],
        magic: [magic, magic],
        crcOk: true,
      });
    }
  });
});
