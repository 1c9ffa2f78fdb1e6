import { describe, expect, it } from 'vitest';
import type { EmbeddedKafka } from '../../../src/testkit/broker/index.js';
import { fetchAll, kafkajs, onCleanup, startKafka } from './helpers/clients.js';

const DAY = 24 * 60 * 60 * 1000;

/** Produces one batch per call, each message with its own timestamp. */
async function produce(
  kafka: EmbeddedKafka,
  topic: string,
  messages: { value: string; timestamp: number }[],
): Promise<void> {
  const producer = kafkajs(kafka).producer();
  await producer.connect();
  onCleanup(() => producer.disconnect());
  await producer.send({
    topic,
    messages: messages.map((m) => ({
      value: m.value,
      partition: 0,
      timestamp: String(m.timestamp),
    })),
  });
}

async function lowWatermark(kafka: EmbeddedKafka, topic: string): Promise<string | undefined> {
  const admin = kafkajs(kafka).admin();
  await admin.connect();
  onCleanup(() => admin.disconnect());
  return (await admin.fetchTopicOffsets(topic))[0]?.low;
}

describe('retention, by closed segment on a periodic check', () => {
  it('keeps a record produced with a timestamp older than retention.ms readable', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('history', 1);
    const now = Date.now();
    await produce(kafka, 'history', [{ value: 'a month ago', timestamp: now - 30 * DAY }]);
    await produce(kafka, 'history', [{ value: 'a day later', timestamp: now - 29 * DAY }]);
    expect(await lowWatermark(kafka, 'history')).toBe('0');
    // Both batches are in the active segment, which retention never deletes.
    kafka.runRetentionCheck();
    expect(await lowWatermark(kafka, 'history')).toBe('0');
    const { messages } = await fetchAll(kafka, 'history', 0, { offset: 0 });
    expect(messages.map((m) => m.value?.toString())).toEqual(['a month ago', 'a day later']);
  });

  it('rolls segments by record time (segment.ms) and deletes only closed, expired ones', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('replay', 1, {
      'retention.ms': String(7 * DAY),
      // A segment rolls once a record is more than segment.ms newer than its first.
      'segment.ms': String(DAY - 1),
    });
    const t0 = Date.now() - 30 * DAY;
    // A replay of a month of history, one batch per day: each day rolls a new segment.
    for (let d = 0; d < 30; d++) {
      await produce(kafka, 'replay', [{ value: `day-${d}`, timestamp: t0 + d * DAY }]);
    }
    const log = kafka.cluster.partition('replay', 0);
    expect(log?.segments.list.length).toBe(30);
    // Nothing is deleted between checks, however old.
    expect(kafka.records('replay', 0)).toHaveLength(30);

    kafka.runRetentionCheck(t0 + 29 * DAY + 1);
    // Segments whose newest record is more than 7 days before the check go: days 0..22.
    expect(kafka.records('replay', 0).map((r) => r.value?.toString())[0]).toBe('day-23');
    expect(await lowWatermark(kafka, 'replay')).toBe('23');
    await expect(fetchAll(kafka, 'replay', 0, { offset: 0 })).rejects.toMatchObject({
      type: 'OFFSET_OUT_OF_RANGE',
    });

    // Far in the future every closed segment has expired, and the active one stays.
    kafka.runRetentionCheck(t0 + 365 * DAY);
    expect(kafka.records('replay', 0).map((r) => r.value?.toString())).toEqual(['day-29']);
    const { messages } = await fetchAll(kafka, 'replay', 0, { offset: 29 });
    expect(messages.map((m) => m.value?.toString())).toEqual(['day-29']);
  });

  it('keeps everything with retention.ms -1', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('forever', 1, { 'retention.ms': '-1', 'segment.ms': String(DAY) });
    const t0 = Date.now() - 10 * DAY;
    for (let d = 0; d < 5; d++) {
      await produce(kafka, 'forever', [{ value: `d${d}`, timestamp: t0 + d * DAY }]);
    }
    kafka.runRetentionCheck(Date.now() + 1000 * DAY);
    expect(kafka.records('forever', 0)).toHaveLength(5);
  });

  it('rolls by segment.bytes and keeps retention.bytes by deleting whole closed segments', async () => {
    const { kafka } = await startKafka();
    kafka.createTopic('capped', 1, { 'retention.bytes': '300', 'segment.bytes': '200' });
    const now = Date.now();
    for (let i = 0; i < 6; i++) {
      await produce(kafka, 'capped', [{ value: `v${i}-${'z'.repeat(60)}`, timestamp: now }]);
    }
    const log = kafka.cluster.partition('capped', 0);
    const sizes = log?.segments.list.map((s) => s.sizeBytes) ?? [];
    expect(sizes.every((s) => s <= 200)).toBe(true);
    expect(sizes.length).toBeGreaterThan(2);
    // Produce never applies retention.
    expect(kafka.records('capped', 0)).toHaveLength(6);

    kafka.runRetentionCheck();
    const left = log?.segments.list ?? [];
    const total = left.reduce((n, s) => n + s.sizeBytes, 0);
    expect(total).toBe(log?.sizeBytes);
    // Deleting one more closed segment would take the log below retention.bytes.
    expect(total - (left[0]?.sizeBytes ?? 0)).toBeLessThan(300);
    expect(left.length).toBeLessThan(sizes.length);
    expect(kafka.records('capped', 0).at(-1)?.value?.toString()).toMatch(/^v5-/);
    expect(await lowWatermark(kafka, 'capped')).toBe(String(left[0]?.baseOffset));
  });

  it('runs the check on its interval on the real clock', async () => {
    const { kafka } = await startKafka({ retentionCheckIntervalMs: 5 });
    kafka.createTopic('timed', 1, { 'retention.ms': '1000', 'segment.ms': '1000' });
    const old = Date.now() - 10_000;
    await produce(kafka, 'timed', [{ value: 'old', timestamp: old }]);
    await produce(kafka, 'timed', [{ value: 'new', timestamp: Date.now() }]);
    const log = kafka.cluster.partition('timed', 0);
    // The 5 ms check may already have run while the second record was produced: look after
    // subscribing, so a deletion before the subscription is not waited for in vain.
    const deleted = (): boolean => kafka.records('timed', 0).length === 1;
    await new Promise<void>((resolve) => {
      const unsubscribe = log?.onChange(() => {
        if (!deleted()) return;
        unsubscribe?.();
        resolve();
      });
      if (deleted()) {
        unsubscribe?.();
        resolve();
      }
    });
    expect(kafka.records('timed', 0).map((r) => r.value?.toString())).toEqual(['new']);
  });
});
