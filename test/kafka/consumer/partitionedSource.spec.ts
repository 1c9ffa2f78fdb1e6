import { Keep, Sink } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  Subscriptions,
  type TopicPartition,
} from 'sluice/kafka';
import { EmbeddedKafka, TestSink } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, produce, settings, unique, values, waitFor } from './kafkaTest.js';

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

describe('partitioned sources', () => {
  it('emit one sub-source per partition, each read on its own demand', async () => {
    const topic = unique('parts');
    kafka.createTopic(topic, 3);
    await produce(kafka, topic, values(30), 3);
    const [control, outer] = Consumer.plainPartitionedSource(
      settings(kafka, unique('g')),
      Subscriptions.topics(topic),
    )
      .toMat(TestSink.probe(), Keep.both)
      .run();
    outer.request(3);
    const subs = await outer.expectNextN(3);
    expect(subs.map(([tp]) => tp.partition).sort()).toEqual([0, 1, 2]);
    // Only partition 1 is read; the others stay unread (no demand, nothing fetched).
    const one = subs.find(([tp]) => tp.partition === 1);
    if (one === undefined) throw new Error('no sub-source for partition 1');
    const got = await one[1]
      .take(10)
      .map((r) => r.value)
      .runWith(Sink.seq());
    expect(got).toEqual(values(30).filter((_, i) => i % 3 === 1));
    const m = await control.metrics();
    expect(m.bufferedRecords).toBe(0);
    expect(m.partitions.filter((p) => p.partition !== 1).every((p) => p.position === -1)).toBe(
      true,
    );
    await control.shutdown();
    await outer.expectComplete();
  });

  it('emits a cancelled sub-source again, from its first record not emitted', async () => {
    const topic = unique('again');
    await produce(kafka, topic, values(10));
    const [control, outer] = Consumer.plainPartitionedSource(
      settings(kafka, unique('g')),
      Subscriptions.topics(topic),
    )
      .toMat(TestSink.probe(), Keep.both)
      .run();
    outer.request(2);
    const [, first] = await outer.expectNextAny();
    expect(
      await first
        .take(3)
        .map((r) => r.value)
        .runWith(Sink.seq()),
    ).toEqual(values(3));
    const [tp, second] = await outer.expectNextAny();
    expect(tp.partition).toBe(0);
    expect(
      await second
        .take(7)
        .map((r) => r.value)
        .runWith(Sink.seq()),
    ).toEqual(values(10).slice(3));
    await control.shutdown();
  });

  it('committablePartitionedSource commits per partition; the manual-offset variant starts where told', async () => {
    const topic = unique('manual');
    const group = unique('g');
    kafka.createTopic(topic, 2);
    await produce(kafka, topic, values(20), 2);
    const control = Consumer.committablePartitionedSource(
      settings(kafka, group),
      Subscriptions.topics(topic),
    )
      .flatMapMerge(2, ([, records]) => records.take(10))
      .map((m) => m.committableOffset)
      .toMat(Committer.sink(CommitterSettings.create().withMaxInterval(50)), Keep.left)
      .run();
    await waitFor(async () => (await committed(kafka, group, topic)).join() === '10,10');
    await control.shutdown();

    const asked: TopicPartition[] = [];
    const [manual, firsts] = Consumer.plainPartitionedManualOffsetSource(
      settings(kafka, unique('g')),
      Subscriptions.topics(topic),
      (tps) => {
        asked.push(...tps);
        return Promise.resolve(tps.map((tp) => ({ ...tp, offset: 7 })));
      },
    )
      .flatMapMerge(2, ([, records]) => records.take(1))
      .take(2)
      .map((r) => `${r.partition}@${r.offset}`)
      .toMat(Sink.seq(), Keep.both)
      .run();
    expect((await firsts).sort()).toEqual(['0@7', '1@7']);
    expect(asked.map((tp) => tp.partition).sort()).toEqual([0, 1]);
    await manual.isShutdown;
  });
});
