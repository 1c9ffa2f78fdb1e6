import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import {
  CountWindows,
  GlobalWindows,
  PurgingTrigger,
  TimeOrCountTrigger,
  Window,
  WindowMetrics,
  type WindowResult,
} from 'sluice/cep';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { virtualMaterializer } from '../virtualMaterializer.js';

const { clock, mat } = virtualMaterializer();

interface Item {
  readonly key: number;
  readonly v: number;
}
const items = fc.array(
  fc.record({ key: fc.integer({ min: 0, max: 3 }), v: fc.integer({ min: 0, max: 99 }) }),
  { maxLength: 40 },
);
const everything = { start: Number.MIN_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER };
const values = (xs: readonly Item[]): number[] => xs.map((x) => x.v);

/** Flink's countWindow(size, slide) by brute force: per key, in arrival order, then a final flush. */
function countOracle(
  input: readonly Item[],
  size: number,
  slide?: number,
): Map<number, number[][]> {
  const out = new Map<number, number[][]>();
  const seen = new Map<number, number[]>();
  const sinceFire = new Map<number, number>();
  for (const x of input) {
    const list = [...(seen.get(x.key) ?? []), x.v];
    seen.set(x.key, list);
    const since = (sinceFire.get(x.key) ?? 0) + 1;
    sinceFire.set(x.key, since);
    if (since === (slide ?? size)) {
      out.set(x.key, [...(out.get(x.key) ?? []), list.slice(-size)]);
      sinceFire.set(x.key, 0);
      if (slide === undefined) seen.set(x.key, []);
    }
  }
  for (const [key, since] of sinceFire) {
    if (since > 0) out.set(key, [...(out.get(key) ?? []), (seen.get(key) ?? []).slice(-size)]);
  }
  return out;
}

async function runCounts(input: readonly Item[], size: number, slide?: number) {
  const results = await Source.from(input)
    .via(Window.process(CountWindows.of<Item>(size, slide), values, { keyBy: (x: Item) => x.key }))
    .runWith(Sink.seq(), mat);
  const byKey = new Map<number, number[][]>();
  for (const r of results) {
    expect(r.window).toEqual(everything);
    byKey.set(r.key, [...(byKey.get(r.key) ?? []), r.value]);
  }
  return byKey;
}

describe('CountWindows', () => {
  it('tumbling: a result every size elements of a key, the rest at completion', async () => {
    const input = [1, 2, 3, 4, 5, 6, 7].map((v) => ({ key: v % 2, v }));
    const got = await runCounts(input, 2);
    expect(got).toEqual(
      new Map([
        [
          1,
          [
            [1, 3],
            [5, 7],
          ],
        ],
        [0, [[2, 4], [6]]],
      ]),
    );
  });

  it('sliding: every slide elements, the last size of them (Flink countWindow(3, 2))', async () => {
    const input = [1, 2, 3, 4, 5, 6].map((v) => ({ key: 0, v }));
    expect(await runCounts(input, 3, 2)).toEqual(
      new Map([
        [
          0,
          [
            [1, 2],
            [2, 3, 4],
            [4, 5, 6],
          ],
        ],
      ]),
    );
  });

  it('tumbling equals a brute-force oracle on random input', async () => {
    await fc.assert(
      fc.asyncProperty(items, fc.integer({ min: 1, max: 6 }), async (input, size) => {
        expect(await runCounts(input, size)).toEqual(countOracle(input, size));
      }),
    );
  });

  it('sliding equals a brute-force oracle on random input', async () => {
    await fc.assert(
      fc.asyncProperty(
        items,
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 6 }),
        async (input, size, slide) => {
          expect(await runCounts(input, size, slide)).toEqual(countOracle(input, size, slide));
        },
      ),
    );
  });

  it('aggregates incrementally without keyBy, one window for the stream', async () => {
    const metrics = new WindowMetrics();
    const sums = await Source.from([1, 2, 3, 4, 5])
      .via(Window.reduce(CountWindows.of<number>(2), (a: number, b: number) => a + b, { metrics }))
      .runWith(Sink.seq(), mat);
    expect(sums.map((r) => r.value)).toEqual([3, 7, 5]);
    expect(metrics.firings).toBe(3);
    expect(metrics.openWindows).toBe(0);
  });

  it('tumbling keeps no state for a key between its windows', async () => {
    const metrics = new WindowMetrics();
    const [pub, sub] = TestSource.probe<Item>()
      .via(Window.process(CountWindows.of<Item>(2), values, { keyBy: (x: Item) => x.key, metrics }))
      .toMat(TestSink.probe<WindowResult<number, number[]>>(), Keep.both)
      .run(mat);
    sub.request(200);
    for (let key = 0; key < 100; key++) pub.sendNext({ key, v: 1 }, { key, v: 2 });
    await sub.expectNextN(100);
    expect(metrics.keys).toBe(0);
    expect(metrics.openWindows).toBe(0);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('sliding keeps at most size + slide - 1 elements per key', async () => {
    let largest = 0;
    const seen = (xs: readonly number[]): number => {
      largest = Math.max(largest, xs.length);
      return xs.length;
    };
    await Source.from(Array.from({ length: 1000 }, (_, v) => v))
      .via(Window.process(CountWindows.of<number>(5, 3), seen))
      .runWith(Sink.ignore(), mat);
    expect(largest).toBe(5);
  });

  it('refuses a size or slide that is not a positive integer', () => {
    expect(() => CountWindows.of(0)).toThrow(
      /CountWindows\.of: size must be a positive integer, got 0/,
    );
    expect(() => CountWindows.of(3, 1.5)).toThrow(
      /CountWindows\.of: slide must be a positive integer, got 1\.5/,
    );
  });
});

describe('GlobalWindows with a custom trigger', () => {
  const batches = () =>
    Window.process(GlobalWindows.create<string>(), (xs: readonly string[]) => xs.join(''), {
      trigger: PurgingTrigger.of(TimeOrCountTrigger.of(3, 100)),
    });

  it('batches by count or by a processing-time timeout, on the virtual clock', async () => {
    const [pub, sub] = TestSource.probe<string>()
      .via(batches())
      .toMat(TestSink.probe<WindowResult<undefined, string>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext('a', 'b', 'c', 'd');
    await sub.expectNext({ key: undefined, window: everything, value: 'abc' });
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext({ key: undefined, window: everything, value: 'd' });
    pub.sendNext('e');
    expect(clock.pendingTimers).toBe(1);
    pub.sendComplete();
    await sub.expectNext({ key: undefined, window: everything, value: 'e' });
    await sub.expectComplete();
    expect(clock.pendingTimers).toBe(0);
  });

  /** The batches between probes, one element in and its timeout pending. */
  const started = async () => {
    const [pub, sub] = TestSource.probe<string>()
      .via(batches())
      .toMat(TestSink.probe<WindowResult<undefined, string>>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext('a');
    await sub.expectNoMessage(0);
    expect(clock.pendingTimers).toBe(1);
    return [pub, sub] as const;
  };

  it('cancels its timers when upstream fails', async () => {
    const [pub, sub] = await started();
    const boom = new Error('boom');
    pub.sendError(boom);
    await sub.expectError(boom);
    expect(clock.pendingTimers).toBe(0);
  });

  it('cancels its timers when downstream cancels', async () => {
    const [pub, sub] = await started();
    sub.cancel();
    await pub.expectCancellation();
    expect(clock.pendingTimers).toBe(0);
  });

  it('times out on the real clock too', async () => {
    const real = new Materializer();
    const [pub, sub] = TestSource.probe<string>()
      .via(
        Window.process(GlobalWindows.create<string>(), (xs: readonly string[]) => xs.join(''), {
          trigger: PurgingTrigger.of(TimeOrCountTrigger.of(3, 5)),
        }),
      )
      .toMat(TestSink.probe<WindowResult<undefined, string>>(), Keep.both)
      .run(real);
    sub.request(10);
    pub.sendNext('a', 'b');
    expect((await sub.expectNextAny()).value).toBe('ab'); // by the timeout: the input is still open
    pub.sendComplete();
    await sub.expectComplete();
    assertAllStagesStopped(real);
  });
});
