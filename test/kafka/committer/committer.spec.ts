import { Keep, Materializer, Sink } from 'sluice';
import {
  CommitFailedError,
  CommittableOffsetBatch,
  Committer,
  CommitterSettings,
  Consumer,
  Subscriptions,
  type CommittableMessage,
} from 'sluice/kafka';
import { EmbeddedKafka, TestSink, VirtualClock } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, produce, settings, unique, values, waitFor } from '../consumer/kafkaTest.js';

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

const OFFSET_COMMIT = 8;
const COORDINATOR_LOAD_IN_PROGRESS = 14;
const OFFSET_METADATA_TOO_LARGE = 12;

async function topicWith(count: number): Promise<string> {
  const topic = unique('commits');
  await produce(kafka, topic, values(count));
  return topic;
}

describe('Committer', () => {
  it('commits one batch per maxBatch messages with the highest offset + 1, and the rest on completion', async () => {
    const topic = await topicWith(12);
    const group = unique('g');
    const [control, probe] = Consumer.committableSource(
      settings(kafka, group),
      Subscriptions.topics(topic),
    )
      .take(12)
      .map((m) => m.committableOffset)
      .via(Committer.batchFlow(CommitterSettings.create().withMaxBatch(5)))
      .toMat(TestSink.probe(), Keep.both)
      .run();
    probe.request(10);
    const batches = await probe.expectNextN(3);
    await probe.expectComplete();
    expect(batches.map((b) => b.batchSize)).toEqual([5, 5, 2]);
    expect(batches.map((b) => b.offsets.map((o) => o.offset))).toEqual([[4], [9], [11]]);
    expect(await committed(kafka, group, topic)).toEqual([12]);
    await control.shutdown();
  });

  it('commits what is pending every maxInterval (virtual clock)', async () => {
    const clock = new VirtualClock();
    const mat = new Materializer({ clock });
    const topic = await topicWith(3);
    const group = unique('g');
    let passed = 0;
    const [control, probe] = Consumer.committableSource(
      settings(kafka, group),
      Subscriptions.topics(topic),
    )
      .map((m) => {
        passed++;
        return m.committableOffset;
      })
      .via(Committer.batchFlow(CommitterSettings.create().withMaxInterval(1000)))
      .toMat(TestSink.probe(), Keep.both)
      .run(mat);
    probe.request(1);
    await waitFor(() => passed === 3);
    await probe.expectNoMessage(999);
    clock.advance(1);
    const batch = await probe.expectNextAny();
    expect(batch.batchSize).toBe(3);
    expect(await committed(kafka, group, topic)).toEqual([3]);
    await control.shutdown();
  });

  it('briefly on the real clock: a 20 ms maxInterval commits without a full batch', async () => {
    const topic = await topicWith(2);
    const group = unique('g');
    const [control, probe] = Consumer.committableSource(
      settings(kafka, group),
      Subscriptions.topics(topic),
    )
      .map((m) => m.committableOffset)
      .via(Committer.batchFlow(CommitterSettings.create().withMaxInterval(20)))
      .toMat(TestSink.probe(), Keep.both)
      .run();
    probe.request(5);
    let size = 0;
    while (size < 2) size += (await probe.expectNextAny()).batchSize;
    expect(await committed(kafka, group, topic)).toEqual([2]);
    await control.shutdown();
  });

  it('retries retriable commit errors', async () => {
    const topic = await topicWith(4);
    const group = unique('g');
    kafka.failNext(OFFSET_COMMIT, COORDINATOR_LOAD_IN_PROGRESS, 2);
    await Consumer.committableSource(settings(kafka, group), Subscriptions.topics(topic))
      .take(4)
      .map((m) => m.committableOffset)
      .runWith(Committer.sink(CommitterSettings.create()));
    expect(await committed(kafka, group, topic)).toEqual([4]);
  });

  it('fails the stream naming the group and topic/partition@offset when a commit fails for good', async () => {
    const topic = await topicWith(4);
    const group = unique('g');
    kafka.failNext(OFFSET_COMMIT, OFFSET_METADATA_TOO_LARGE, 1);
    const error = await Consumer.committableSource(
      settings(kafka, group),
      Subscriptions.topics(topic),
    )
      .take(4)
      .map((m) => m.committableOffset)
      .runWith(Committer.sink(CommitterSettings.create()))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(CommitFailedError);
    const e = error as CommitFailedError;
    expect(e.groupId).toBe(group);
    expect(e.offsets).toEqual([`${topic}/0@4`]);
    expect(e.message).toMatch(new RegExp(`\\(group ${group}\\): cannot commit ${topic}/0@4: `));
  });

  it("NextOffsetObserved holds each partition's last offset back until a later one arrives", async () => {
    const topic = await topicWith(5);
    const group = unique('g');
    await Consumer.committableSource(settings(kafka, group), Subscriptions.topics(topic))
      .take(5)
      .map((m) => m.committableOffset)
      .runWith(
        Committer.sink(
          CommitterSettings.create().withMaxBatch(1).withCommitWhen('NextOffsetObserved'),
        ),
      );
    expect(await committed(kafka, group, topic)).toEqual([4]);
  });

  it('an older offset never overwrites a newer one in a batch', async () => {
    const topic = await topicWith(3);
    const [control, msgs] = Consumer.committableSource(
      settings(kafka, unique('g')),
      Subscriptions.topics(topic),
    )
      .take(3)
      .toMat(Sink.seq<CommittableMessage<string, string>>(), Keep.both)
      .run();
    const [m0, m1, m2] = await msgs;
    if (m0 === undefined || m1 === undefined || m2 === undefined)
      throw new Error('three messages expected');
    const batch = CommittableOffsetBatch.of(m2.committableOffset).updated(m0.committableOffset);
    expect(batch.offsets.map((o) => o.offset)).toEqual([2]);
    expect(batch.batchSize).toBe(2);
    expect(batch.updated(CommittableOffsetBatch.of(m1.committableOffset)).batchSize).toBe(3);
    await control.isShutdown;
  });

  it('refuses bad settings, naming them', () => {
    expect(() => CommitterSettings.create({ maxBatch: 0 })).toThrow(
      /^CommitterSettings: maxBatch must be a positive integer, got 0$/,
    );
    expect(() => CommitterSettings.create().withMaxInterval(0)).toThrow(
      /^CommitterSettings: maxInterval must be positive, got 0$/,
    );
    expect(() => CommitterSettings.create().withParallelism(1.5)).toThrow(RangeError);
  });
});
