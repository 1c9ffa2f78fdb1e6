import { Keep, Sink } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  DrainingControl,
  Subscriptions,
  type CommittableMessage,
} from 'sluice/kafka';
import { EmbeddedKafka } from 'sluice/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { committed, produce, settings, unique, values, waitFor } from './kafkaTest.js';

let kafka: EmbeddedKafka;
beforeAll(async () => {
  kafka = await EmbeddedKafka.start({ log: () => undefined });
});
afterAll(async () => {
  await kafka.stop();
});

describe('Consumer.committableSource', () => {
  it('emits every record once, and Committer.sink commits the last offset + 1 per partition', async () => {
    const topic = unique('orders');
    const group = unique('g');
    kafka.createTopic(topic, 3);
    await produce(kafka, topic, values(30), 3);
    const seen: string[] = [];
    const control = Consumer.committableSource(settings(kafka, group), Subscriptions.topics(topic))
      .map((msg: CommittableMessage<string, string>) => {
        seen.push(msg.record.value);
        return msg.committableOffset;
      })
      .toMat(Committer.sink(CommitterSettings.create().withMaxBatch(7)), Keep.both)
      .mapMaterializedValue(DrainingControl.create)
      .run();
    await waitFor(() => seen.length === 30);
    await control.drainAndShutdown();
    expect(seen.sort()).toEqual(values(30).sort());
    expect(await committed(kafka, group, topic)).toEqual([10, 10, 10]);
    await control.isShutdown;
  });

  it('a restarted source with the same group resumes after the committed offsets', async () => {
    const topic = unique('resume');
    const group = unique('g');
    await produce(kafka, topic, values(10));
    await Consumer.committableSource(settings(kafka, group), Subscriptions.topics(topic))
      .take(4)
      .map((m) => m.committableOffset)
      .runWith(Committer.sink(CommitterSettings.create()));
    await waitFor(async () => (await committed(kafka, group, topic))[0] === 4);
    const rest = await Consumer.plainSource(settings(kafka, group), Subscriptions.topics(topic))
      .take(6)
      .map((r) => r.value)
      .runWith(Sink.seq());
    expect(rest).toEqual(values(10).slice(4));
  });
});
