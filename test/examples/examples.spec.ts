import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, EmbeddedKafka, TestSink, TestSource } from 'sluice/testkit';
import { countdown } from '../../examples/custom-stages/countdown.js';
import {
  countChanges,
  distinctUntilChanged,
} from '../../examples/custom-stages/distinctUntilChanged.js';
import { duplicate } from '../../examples/custom-stages/duplicate.js';
import { repeatEach } from '../../examples/custom-stages/repeatEach.js';
import { topicSource } from '../../examples/topicSource.js';

const mat = new Materializer();

describe('examples/custom-stages/countdown', () => {
  it('counts down in bursts into a sink, one by one through an outlet, and stops at a take', async () => {
    const expected = Array.from({ length: 3000 }, (_, i) => 3000 - i);
    expect(await countdown(3000).runWith(Sink.seq(), mat)).toEqual(expected);
    expect(await countdown(3000).async().runWith(Sink.seq(), mat)).toEqual(expected);
    expect(await countdown(3000).take(1500).runWith(Sink.seq(), mat)).toEqual(
      expected.slice(0, 1500),
    );
    expect(await countdown(0).runWith(Sink.seq(), mat)).toEqual([]);
    assertAllStagesStopped(mat);
  });

  it('emits one element per request, and refuses a bad count', async () => {
    const sub = countdown(3).runWith(TestSink.probe<number>(), mat);
    sub.request(2);
    await sub.expectNext(3, 2);
    await sub.expectNoMessage(0);
    sub.request(5);
    await sub.expectNext(1);
    await sub.expectComplete();
    assertAllStagesStopped(mat);
    expect(() => countdown(-1)).toThrow('countdown: n must be a non-negative integer, got -1');
  });
});

describe('examples/custom-stages/duplicate', () => {
  it('emits each element n times, as demand allows', async () => {
    const sub = Source.from(['a', 'b'])
      .via(duplicate<string>(2))
      .runWith(TestSink.probe<string>(), mat);
    sub.request(3);
    await sub.expectNext('a', 'a', 'b');
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext('b');
    await sub.expectComplete();
    assertAllStagesStopped(mat);
  });

  it('refuses a bad count', () => {
    expect(() => duplicate(0)).toThrow('duplicate: times must be a positive integer, got 0');
  });
});

describe('examples/custom-stages/distinctUntilChanged', () => {
  it('counts the same changes hosted in the fused chain and on its own', async () => {
    const readings = [1, 1.2, 2, 2.4, 1.9, 3, 3, 3.1, 1];
    expect(await countChanges(readings, true)).toBe(4);
    expect(await countChanges(readings, false)).toBe(4);
  });

  it('passes on what changed, as demand allows, into a classic sink', async () => {
    const sub = Source.from([1, 1, 2, 2, 3])
      .via(distinctUntilChanged<number>())
      .runWith(TestSink.probe<number>(), mat);
    sub.request(2);
    await sub.expectNext(1, 2);
    await sub.expectNoMessage(0);
    sub.request(5);
    await sub.expectNext(3);
    await sub.expectComplete();
    assertAllStagesStopped(mat);
  });
});

describe('examples/custom-stages/repeatEach', () => {
  it('emits each element n times, one per pull, and completes after the last copy', async () => {
    const [pub, sub] = TestSource.probe<string>()
      .via(repeatEach<string>(3))
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    sub.request(2);
    await pub.expectRequest();
    pub.sendNext('a');
    pub.sendComplete();
    await sub.expectNext('a', 'a');
    await sub.expectNoMessage(0);
    sub.request(5);
    await sub.expectNext('a');
    await sub.expectComplete();
    assertAllStagesStopped(mat);
  });

  it('fuses with its neighbours and keeps order in bursts', async () => {
    const out = await Source.range(1, 1_000)
      .via(repeatEach<number>(3))
      .map((x) => x * 2)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual(
      Array.from({ length: 1_000 }, (_, i) => [i, i, i].map(() => (i + 1) * 2)).flat(),
    );
  });

  it('refuses a bad count', () => {
    expect(() => repeatEach(0)).toThrow('repeatEach: times must be a positive integer, got 0');
  });
});

describe('examples/topicSource on the embedded broker', () => {
  let kafka: EmbeddedKafka;
  beforeAll(async () => {
    kafka = await EmbeddedKafka.start();
  });
  afterAll(async () => {
    await kafka.stop();
  });

  it('streams a topic through kafkajs with a bounded buffer', async () => {
    const client = new Kafka({ brokers: [...kafka.bootstrapServers], logLevel: logLevel.NOTHING });
    const producer = client.producer();
    await producer.connect();
    await producer.send({
      topic: 'events',
      messages: Array.from({ length: 50 }, (_, i) => ({ value: `e${i}` })),
    });
    await producer.disconnect();
    const consumer = client.consumer({ groupId: 'example' });
    await consumer.connect();
    const values = await topicSource(consumer, 'events', 4).take(50).runWith(Sink.seq(), mat);
    await consumer.disconnect();
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => `e${i}`));
    assertAllStagesStopped(mat);
  });
});
