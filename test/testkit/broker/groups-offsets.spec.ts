import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/EmbeddedKafka.js';
import {
  eventually,
  kafkajsClient,
  produce,
  startBroker,
  TrackedConsumer,
  waitForStableGroup,
} from './groups-fixtures.js';
import { kafkajsBroker } from './helpers/clients.js';

let kafka: EmbeddedKafka;
let logs: string[];
let client: Kafka;

beforeAll(async () => {
  ({ kafka, logs } = await startBroker());
  client = kafkajsClient(kafka);
});

afterAll(async () => {
  await kafka.stop();
  // The broker logs only failed handlers and malformed or unsupported requests.
  expect(logs).toEqual([]);
});

/** `kafka.committedOffsets` as `partition@offset` strings. */
function committed(groupId: string): string[] {
  return kafka.committedOffsets(groupId).map((o) => `${o.topic}/${o.partition}@${o.offset}`);
}

describe('committed offsets with kafkajs', () => {
  it('auto-commits the offset after the last processed message of each partition', async () => {
    kafka.createTopic('auto', 3);
    const values = await produce(client, 'auto', 3, 30, 'auto');
    const consumer = new TrackedConsumer(client, 'g-auto', 'auto');
    try {
      await consumer.start();
      await eventually(() => {
        expect(consumer.received.map((r) => r.value).sort()).toEqual([...values].sort());
      });
      await eventually(() => {
        expect(committed('g-auto')).toEqual(['auto/0@10', 'auto/1@10', 'auto/2@10']);
      });
    } finally {
      await consumer.stop();
    }
  });

  it('stores manual commits with their metadata, as OffsetFetch reports them', async () => {
    kafka.createTopic('manual', 2);
    await produce(client, 'manual', 2, 10, 'manual');
    const consumer = new TrackedConsumer(client, 'g-manual', 'manual');
    const admin = client.admin();
    try {
      await consumer.start({ autoCommit: false });
      await eventually(() => {
        expect(consumer.received).toHaveLength(10);
      });
      expect(committed('g-manual')).toEqual([]);
      await consumer.consumer.commitOffsets([
        { topic: 'manual', partition: 0, offset: '3', metadata: 'checkpoint-a' },
        { topic: 'manual', partition: 1, offset: '5' },
      ]);
      expect(committed('g-manual')).toEqual(['manual/0@3', 'manual/1@5']);
      await admin.connect();
      const [fetched] = await admin.fetchOffsets({ groupId: 'g-manual', topics: ['manual'] });
      expect(fetched?.partitions).toEqual([
        { partition: 0, offset: '3', metadata: 'checkpoint-a' },
        // kafkajs's admin turns "" into null; its Broker shows what went over the wire.
        { partition: 1, offset: '5', metadata: null },
      ]);
      // Kafka stores a commit without metadata as "" (OffsetAndMetadata.NoMetadata).
      const broker = await kafkajsBroker(kafka.bootstrapServers[0] ?? '');
      const raw = await broker.offsetFetch({
        groupId: 'g-manual',
        topics: [{ topic: 'manual', partitions: [{ partition: 0 }, { partition: 1 }] }],
      });
      expect(raw.responses[0]?.partitions.map((p) => p.metadata)).toEqual(['checkpoint-a', '']);
    } finally {
      await consumer.stop();
      await admin.disconnect();
    }
  });

  it('publishes offsets sent in a transaction only when the transaction commits', async () => {
    kafka.createTopic('txn-source', 1);
    const producer = client.producer({ transactionalId: 'offsets-tx', maxInFlightRequests: 1 });
    const admin = client.admin();
    const fetch = async (): Promise<string | undefined> => {
      const [topic] = await admin.fetchOffsets({ groupId: 'g-txn', topics: ['txn-source'] });
      return topic?.partitions[0]?.offset;
    };
    try {
      await Promise.all([producer.connect(), admin.connect()]);
      const sendOffsets = async (offset: string) => {
        const txn = await producer.transaction();
        await txn.sendOffsets({
          consumerGroupId: 'g-txn',
          topics: [{ topic: 'txn-source', partitions: [{ partition: 0, offset }] }],
        });
        return txn;
      };

      const committedTxn = await sendOffsets('5');
      expect(await fetch()).toBe('-1'); // staged, not yet visible
      await committedTxn.commit();
      expect(committed('g-txn')).toEqual(['txn-source/0@5']);
      expect(await fetch()).toBe('5');

      const abortedTxn = await sendOffsets('9');
      await abortedTxn.abort();
      expect(committed('g-txn')).toEqual(['txn-source/0@5']);
    } finally {
      await Promise.all([producer.disconnect(), admin.disconnect()]);
    }
  });

  it('resumes a restarted consumer from the committed offsets', async () => {
    kafka.createTopic('resume', 2);
    const first = await produce(client, 'resume', 2, 8, 'first');
    const before = new TrackedConsumer(client, 'g-resume', 'resume');
    try {
      await before.start();
      await eventually(() => {
        expect(before.received).toHaveLength(first.length);
        expect(committed('g-resume')).toEqual(['resume/0@4', 'resume/1@4']);
      });
    } finally {
      await before.stop();
    }

    const second = await produce(client, 'resume', 2, 6, 'second');
    const after = new TrackedConsumer(client, 'g-resume', 'resume');
    try {
      await after.start();
      await waitForStableGroup(kafka, 'g-resume', [after]);
      await eventually(() => {
        expect(after.received.map((r) => r.value).sort()).toEqual([...second].sort());
      });
      // Had it started from the beginning, 'first' messages would have come before these.
      expect(after.received.some((r) => r.value.startsWith('first'))).toBe(false);
      await eventually(() => {
        expect(committed('g-resume')).toEqual(['resume/0@7', 'resume/1@7']);
      });
    } finally {
      await after.stop();
    }
  });
});
