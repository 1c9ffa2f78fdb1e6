import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink } from 'sluice';
import {
  EventTime,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { Consumer, type ConsumerRecord, Subscriptions } from 'sluice/kafka';
import { awaitCond } from 'sluice/testkit';
import { kafkaSpec } from '../testkit/kafka/kafkaSpec.js';

// Per-partition watermarks end to end: a Kafka source over three partitions whose records are
// out of order across partitions, into a tumbling window. A window fires only once every
// partition's watermark has passed its end.

const spec = kafkaSpec();
let mat: Materializer;

type Rec = ConsumerRecord<string, string>;
/** Window starts are relative to this, aligned to the 10 s windows. */
const BASE = 1_700_000_000_000;

describe('per-partition watermarks from Consumer.plainSource', () => {
  it('fire a window only when every partition has passed its end', async () => {
    mat = spec.materializer();
    const topic = spec.kit.createTopic(3);
    const produce = (partition: number, ...seconds: number[]): Promise<void> =>
      spec.kit.produce(
        topic,
        seconds.map((s) => ({
          value: `p${String(partition)}@${String(s)}s`,
          timestamp: String(BASE + s * 1000),
        })),
        partition,
      );
    let consumed = 0;
    const windows: string[] = [];
    const [control, done] = Consumer.plainSource(
      spec.kit.consumerDefaults(),
      Subscriptions.topics(topic),
    )
      .map((r: Rec) => {
        consumed++;
        return r;
      })
      .via(
        EventTime.assignPerSplit({
          split: (r: Rec) => r.partition,
          timestamp: (r: Rec) => r.timestamp,
          watermark: WatermarkStrategy.forBoundedOutOfOrderness<Rec>(0).withIntervalMs(0),
          splits: [0, 1, 2],
        }),
      )
      .via(
        Window.aggregate(
          TumblingEventTimeWindows.of<Rec>(10_000),
          {
            createAccumulator: (): string[] => [],
            add: (r: Rec, acc: string[]) => [...acc, r.value],
            getResult: (acc: string[]) => acc.sort().join(' '),
          },
          { timestamp: (r: Rec) => r.timestamp, watermark: 'fromStream' },
        ),
      )
      .toMat(
        Sink.foreach((w: WindowResult<undefined, string>) => {
          windows.push(`[${String((w.window.start - BASE) / 1000)}s) ${w.value}`);
        }),
        Keep.both,
      )
      .run(mat);

    // Partitions 0 and 1 run ahead to 25 s; partition 2 is still at 3 s.
    await produce(0, 1, 12, 25);
    await produce(1, 2, 15, 26);
    await produce(2, 3);
    await awaitCond('the first seven records through the source', () => consumed === 7);
    expect(windows).toEqual([]);

    // Partition 2 passes 10 s: [0 s, 10 s) closes, and nothing later.
    await produce(2, 14);
    await awaitCond('the first window', () => windows.length === 1);
    expect(windows).toEqual(['[0s) p0@1s p1@2s p2@3s']);

    // Partition 2 passes 30 s, but partition 0 is at 25 s: only [10 s, 20 s) closes.
    await produce(2, 31);
    await awaitCond('the second window', () => windows.length === 2);
    expect(consumed).toBe(9);
    expect(windows[1]).toBe('[10s) p0@12s p1@15s p2@14s');

    // Stopping the source ends event time: the open windows fire.
    await control.shutdown();
    await done;
    expect(windows.slice(2)).toEqual(['[20s) p0@25s p1@26s', '[30s) p2@31s']);
  });
});
