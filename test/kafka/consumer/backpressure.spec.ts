import { Keep } from 'sluice';
import { Consumer, Subscriptions } from 'sluice/kafka';
import { EmbeddedKafka, TestSink } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { produce, settings, unique, values, waitFor } from './kafkaTest.js';

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

describe('consumer back-pressure', () => {
  it('holds at most two fetches per partition while downstream is slow', async () => {
    const topic = unique('slow');
    kafka.createTopic(topic, 3);
    // 100-byte values in record batches of 10 per partition: a fetch of maxBytesPerPartition
    // 1024 holds at most 10 records plus the one batch Kafka returns whole (10): 20. The source
    // holds the fetch it drains and the next one: 40 per partition.
    await produce(
      kafka,
      topic,
      values(600).map((v) => v.padEnd(100, '.')),
      3,
    );
    const s = settings(kafka, unique('g')).withProperty('maxBytesPerPartition', 1024);
    const [control, probe] = Consumer.plainSource(s, Subscriptions.topics(topic))
      .toMat(TestSink.probe(), Keep.both)
      .run();
    let maxHeld = 0;
    let emitted = 0;
    for (let round = 0; round < 20; round++) {
      probe.request(5);
      await probe.expectNextN(5);
      emitted += 5;
      maxHeld = Math.max(maxHeld, (await control.metrics()).bufferedRecords);
      await new Promise((r) => setTimeout(r, 20)); // let kafkajs poll: nothing more may arrive
    }
    const m = await control.metrics();
    expect(m.partitions).toHaveLength(3);
    // At most two fetches per partition, 3 partitions.
    expect(maxHeld).toBeGreaterThan(0);
    expect(maxHeld).toBeLessThanOrEqual(3 * 2 * 20);
    expect(emitted + m.bufferedRecords).toBeLessThan(600);
    // The lag is everything not yet emitted, not what was fetched.
    expect(m.partitions.reduce((sum, p) => sum + p.lag, 0)).toBeGreaterThan(
      600 - emitted - 3 * 2 * 20,
    );
    await control.shutdown();
    await control.isShutdown;
  });

  it('resumes every partition after a rebalance even if it was paused before', async () => {
    const topic = unique('resume');
    const group = unique('g');
    kafka.createTopic(topic, 2);
    await produce(kafka, topic, values(40), 2);
    const s = settings(kafka, group);
    const [control, probe] = Consumer.plainSource(s, Subscriptions.topics(topic))
      .toMat(TestSink.probe(), Keep.both)
      .run();
    probe.request(1);
    await probe.expectNextAny();
    // No demand now: both partitions are paused once their fetch is held. A second member joins
    // and leaves again, which revokes and re-assigns both partitions to the first.
    await waitFor(async () => (await control.metrics()).bufferedRecords > 0);
    const other = Consumer.plainSource(s, Subscriptions.topics(topic))
      .toMat(TestSink.probe(), Keep.both)
      .run();
    await waitFor(async () => (await other[0].metrics()).partitions.length === 1);
    await other[0].shutdown();
    await waitFor(async () => (await control.metrics()).partitions.length === 2);
    await produce(kafka, topic, values(10, 'late'), 2);
    const all = new Set<string>();
    probe.request(1000);
    while (!values(10, 'late').every((v) => all.has(v)))
      all.add((await probe.expectNextAny()).value);
    expect(
      values(40)
        .slice(1)
        .every((v) => all.has(v)),
    ).toBe(true);
    await control.shutdown();
  });
});
