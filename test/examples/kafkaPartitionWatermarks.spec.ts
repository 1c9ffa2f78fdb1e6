import { describe, expect, it } from 'vitest';
import { Keep, Sink } from 'sluice';
import type { WindowResult } from 'sluice/cep';
import { Consumer, type ConsumerRecord, Subscriptions } from 'sluice/kafka';
import { awaitCond, settle, VirtualClock } from 'sluice/testkit';
import { averagesPerWindow } from '../../examples/cep/kafkaPartitionWatermarks.js';
import { kafkaSpec } from '../testkit/kafka/kafkaSpec.js';

// The example's flow on a real Kafka source, with processing time (periodic watermarks and
// idleness) on the virtual clock: records arrive whenever Kafka delivers them, and time moves
// only when the test moves it.

const spec = kafkaSpec();
const clock = new VirtualClock();
const mat = spec.materializer({ clock });

const BASE = 1_700_000_000_000;

describe('examples/cep/kafkaPartitionWatermarks', () => {
  it('holds windows back for a lagging partition until it catches up or goes idle', async () => {
    const topic = spec.kit.createTopic(3);
    const produce = (partition: number, second: number, celsius: number): Promise<void> =>
      spec.kit.produce(
        topic,
        [{ value: String(celsius), timestamp: String(BASE + second * 1000) }],
        partition,
      );
    let consumed = 0;
    const windows: string[] = [];
    const [control, done] = Consumer.plainSource(
      spec.kit.consumerDefaults(),
      Subscriptions.topics(topic),
    )
      .map((r: ConsumerRecord<string, string>) => {
        consumed++;
        return r;
      })
      .via(averagesPerWindow(3, 2_000))
      .toMat(
        Sink.foreach((w: WindowResult<undefined, number>) => {
          windows.push(`${String((w.window.start - BASE) / 1000)}s: ${String(w.value)}`);
        }),
        Keep.both,
      )
      .run(mat);
    const tick = async (ms: number): Promise<void> => {
      clock.advance(ms);
      await settle();
    };

    // Partitions 0 and 1 are at 25 s and 26 s; partition 2 lags at 3 s.
    await produce(0, 1, 20);
    await produce(1, 2, 22);
    await produce(2, 3, 18);
    await produce(0, 25, 30);
    await produce(1, 26, 30);
    await awaitCond('five readings', () => consumed === 5);
    await tick(200); // a periodic watermark: partition 2's, which closes nothing
    expect(windows).toEqual([]);

    // Partition 2 catches up to 14 s: [0 s, 10 s) closes with all three readings.
    await produce(2, 14, 24);
    await awaitCond('six readings', () => consumed === 6);
    await tick(200);
    expect(windows).toEqual(['0s: 20']);

    // Partition 2 goes quiet while 0 and 1 go on to 35 s: once it has been idle for 2 s, they
    // alone move the watermark, and [10 s, 20 s) and [20 s, 30 s) close.
    await tick(1_400);
    await produce(0, 35, 40);
    await produce(1, 36, 40);
    await awaitCond('eight readings', () => consumed === 8);
    expect(windows).toHaveLength(1);
    await tick(600);
    expect(windows).toEqual(['0s: 20', '10s: 24', '20s: 30']);

    await control.shutdown();
    await done;
    expect(windows.at(-1)).toBe('30s: 40');
  });
});
