import { describe, expect, it } from 'vitest';
import { Keep } from 'sluice';
import {
  ProcessingTimeSessionWindows,
  TumblingProcessingTimeWindows,
  Window,
  type WindowResult,
} from 'sluice/cep';
import { TestSink, TestSource } from 'sluice/testkit';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

const count = {
  createAccumulator: (): number => 0,
  add: (_: string, n: number): number => n + 1,
  getResult: (n: number): number => n,
  merge: (a: number, b: number): number => a + b,
};

describe('processing-time windows', () => {
  it('tumbling windows fire on the clock with no element arriving', async () => {
    const start = clock.now();
    const [pub, sub] = TestSource.probe<string>()
      .via(Window.aggregate(TumblingProcessingTimeWindows.of<string>(100, start % 100), count))
      .toMat(TestSink.probe<WindowResult<undefined, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext('a', 'b');
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext({ key: undefined, window: { start, end: start + 100 }, value: 2 });
    pub.sendComplete();
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  it('a session closes when its key goes quiet for the gap', async () => {
    const [pub, sub] = TestSource.probe<string>()
      .via(
        Window.aggregate(ProcessingTimeSessionWindows.withGap<string>(50), count, {
          keyBy: (s: string) => s,
        }),
      )
      .toMat(TestSink.probe<WindowResult<string, number>>(), Keep.both)
      .run(mat);
    sub.request(10);
    const t0 = clock.now();
    pub.sendNext('a');
    await sub.expectNoMessage(40);
    pub.sendNext('a', 'b');
    await sub.expectNoMessage(49);
    clock.advance(1);
    await sub.expectNextUnordered(
      { key: 'a', window: { start: t0, end: t0 + 90 }, value: 2 },
      { key: 'b', window: { start: t0 + 40, end: t0 + 90 }, value: 1 },
    );
    pub.sendComplete();
    await sub.expectComplete();
  });
});
