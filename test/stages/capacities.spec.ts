import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  BroadcastHub,
  buffer,
  FlowWithContext,
  Keep,
  mapAsync,
  mapAsyncPartitioned,
  mapAsyncUnordered,
  Materializer,
  MaxCapacity,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const identity = (x: number): number => x;

/** Every setting that bounds a buffer a stage holds, built with `n`. */
const settings: readonly (readonly [string, (n: number) => unknown])[] = [
  ['buffer: size', (n) => buffer(n, 'backpressure')],
  ['mapAsync: parallelism', (n) => mapAsync(n, identity)],
  ['mapAsyncUnordered: parallelism', (n) => mapAsyncUnordered(n, identity)],
  ['mapAsyncPartitioned: parallelism', (n) => mapAsyncPartitioned(n, identity, identity)],
  ['Source.queue: bufferSize', (n) => Source.queue<number>(n)],
  ['Sink.queue: bufferSize', (n) => Sink.queue<number>(n)],
  ['BroadcastHub.sink: bufferSize', (n) => BroadcastHub.sink<number>(n)],
  ['Attributes.inputBuffer: max', (n) => Attributes.inputBuffer(1, n)],
  [
    'FlowWithContext.mapAsync: parallelism',
    (n) => FlowWithContext.create<number, number>().mapAsync(n, identity),
  ],
];

function escape(text: string): string {
  return text.replace(/[.*+()]/g, '\\$&');
}

/** Heap growth (bytes) while `run` runs, after a GC when the test runs with --expose-gc. */
async function heapGrowth(run: () => Promise<unknown>): Promise<number> {
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  await run();
  return process.memoryUsage().heapUsed - before;
}

describe('capacity settings', () => {
  it.each(settings)(
    '%s is refused above 2**30, by name, when the stage is built',
    (name, build) => {
      for (const bad of [MaxCapacity + 1, 2 ** 31, 2 ** 53, 1e300]) {
        expect(() => build(bad)).toThrow(RangeError);
        expect(() => build(bad)).toThrow(
          new RegExp(
            `^${escape(name)} must be at most 2\\*\\*30 \\(1073741824\\), got ${String(bad).replace('+', '\\+')}$`,
          ),
        );
      }
      for (const bad of [0, 1.5, Number.NaN]) {
        expect(() => build(bad)).toThrow(RangeError);
        expect(() => build(bad)).toThrow(
          new RegExp(`^${escape(name)} must be .*, got ${String(bad)}$`),
        );
      }
    },
  );

  it('buffer(2**30) materializes at once and holds only what arrived', async () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i);
    let got: number[] = [];
    const growth = await heapGrowth(async () => {
      got = await Source.from(xs).buffer(MaxCapacity, 'backpressure').runWith(Sink.seq(), mat);
    });
    expect(got).toEqual(xs);
    // Preallocating the bound would take 8 GB; growing as it fills takes a few kilobytes.
    expect(growth).toBeLessThan(64 * 1024 * 1024);
  });

  it('buffer(1e8) fills and drains without preallocating its bound', async () => {
    const [queue, probe] = Source.queue<number>(100_000)
      .buffer(1e8, 'backpressure')
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    for (let i = 0; i < 50_000; i++) void queue.offer(i);
    queue.complete();
    const got = await probe.toStrict();
    expect(got.length).toBe(50_000);
    expect(got[49_999]).toBe(49_999);
  });

  it('mapAsync, mapAsyncUnordered and mapAsyncPartitioned run with parallelism 2**30', async () => {
    const xs = [1, 2, 3, 4, 5];
    const async = (x: number): Promise<number> => Promise.resolve(x * 10);
    expect(await Source.from(xs).mapAsync(MaxCapacity, async).runWith(Sink.seq(), mat)).toEqual([
      10, 20, 30, 40, 50,
    ]);
    const unordered = await Source.from(xs)
      .mapAsyncUnordered(MaxCapacity, async)
      .runWith(Sink.seq(), mat);
    expect([...unordered].sort((a, b) => a - b)).toEqual([10, 20, 30, 40, 50]);
    expect(
      await Source.from(xs)
        .via(mapAsyncPartitioned(MaxCapacity, (x: number) => x % 2, async))
        .runWith(Sink.seq(), mat),
    ).toEqual([10, 20, 30, 40, 50]);
  });

  it('Source.queue and Sink.queue run with bufferSize 2**30', async () => {
    const [queue, out] = Source.queue<number>(MaxCapacity)
      .toMat(Sink.queue<number>(MaxCapacity), Keep.both)
      .run(mat);
    for (let i = 1; i <= 100; i++) void queue.offer(i);
    queue.complete();
    const got: number[] = [];
    for (;;) {
      const next = await out.pull();
      if (next === undefined) break;
      got.push(next);
    }
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
  });

  it('delay runs with an inputBuffer of 2**30', async () => {
    const got = await Source.range(1, 40)
      .delay(0, 'backpressure')
      .withAttributes(Attributes.inputBuffer(1, MaxCapacity))
      .runWith(Sink.seq(), mat);
    expect(got).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('BroadcastHub grows its buffer for a slow consumer and keeps every element in order', async () => {
    const [pub, hub] = TestSource.probe<number>()
      .toMat(BroadcastHub.sink<number>(MaxCapacity), Keep.both)
      .run(mat);
    const slow = hub.runWith(TestSink.probe<number>(), mat);
    const fast = hub.runWith(TestSink.probe<number>(), mat);
    await settle();
    fast.request(500);
    const all = Array.from({ length: 500 }, (_, i) => i + 1);
    for (const x of all) {
      await pub.expectRequest();
      pub.sendNext(x);
    }
    pub.sendComplete();
    expect(await fast.expectNextN(500)).toEqual(all);
    await fast.expectComplete();
    // All 500 were held for the slow consumer, which had requested nothing.
    slow.request(500);
    expect(await slow.expectNextN(500)).toEqual(all);
    await slow.expectComplete();
  });
});
