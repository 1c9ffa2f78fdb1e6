import { describe, expect, it } from 'vitest';
import { Keep, Materializer } from 'sluice';
import {
  Committer,
  CommitterSettings,
  Consumer,
  DrainingControl,
  Subscriptions,
} from 'sluice/kafka';
import { awaitCond } from 'sluice/testkit';
import { kafkaSpec } from '../../testkit/kafka/kafkaSpec.js';

const spec = kafkaSpec();
let mat: Materializer;

describe('DrainingControl.drainAndShutdown mid-stream', () => {
  it('finishes every record already emitted, commits exactly those, and leaves the group', async () => {
    mat = spec.materializer();
    const topic = spec.kit.createTopic(2);
    await spec.kit.produceString(
      topic,
      Array.from({ length: 100 }, (_, i) => `v${String(i)}`),
    );
    const groupId = spec.kit.createGroupId();
    const settings = spec.kit.consumerDefaults().withGroupId(groupId);
    let emitted = 0;
    let processed = 0;
    const control = Consumer.committableSource(settings, Subscriptions.topics(topic))
      .map((msg) => {
        emitted++;
        return msg;
      })
      // A slow service, 4 calls at a time: the drain finds calls in flight.
      .mapAsync(
        4,
        (msg) =>
          new Promise<typeof msg.committableOffset>((resolve) =>
            setTimeout(() => {
              processed++;
              resolve(msg.committableOffset);
            }, 10),
          ),
      )
      // A long interval: the offsets are committed by the drain, not by the timer.
      .toMat(Committer.sink(CommitterSettings.create().withMaxInterval(60_000)), Keep.both)
      .mapMaterializedValue(DrainingControl.create)
      .run(mat);

    await awaitCond('20 records processed', () => processed >= 20, { checkIntervalMs: 5 });
    const inFlightAtDrain = emitted - processed;
    await control.drainAndShutdown();
    await control.isShutdown;

    expect(inFlightAtDrain).toBeGreaterThan(0);
    expect(processed).toBe(emitted);
    expect(emitted).toBeLessThan(100);
    expect(spec.kit.committedRecordCount(groupId)).toBe(processed);
    await spec.kit.waitUntilGroupState(groupId, 'Empty');
  });
});
