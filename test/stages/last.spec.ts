import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbruptTerminationError,
  Keep,
  last,
  lastOption,
  Materializer,
  NoSuchElementError,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Sink.last and Sink.lastOption', () => {
  it('resolve with the last element, fused after a chain or alone behind a buffer', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.integer(), fc.double({ noNaN: true }), fc.string())),
        fc.boolean(),
        async (xs, detached) => {
          const source = detached ? Source.from(xs).buffer(1, 'backpressure') : Source.from(xs);
          expect(await source.runWith(Sink.lastOption(), mat)).toBe(xs.at(-1));
          if (xs.length > 0) expect(await source.runWith(last(), mat)).toBe(xs.at(-1));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('keeps a running sum past the small-integer range', async () => {
    const n = 1_000_000;
    const out = await Source.range(1, n)
      .scan(0, (a, x) => a + x)
      .runWith(Sink.last(), mat);
    expect(out).toBe((n * (n + 1)) / 2);
  });

  it('last rejects an empty stream, lastOption resolves undefined', async () => {
    const error = await Source.empty<number>()
      .runWith(Sink.last(), mat)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoSuchElementError);
    expect((error as Error).message).toBe('Sink.last: the stream completed without elements');
    expect(await Source.empty<number>().runWith(lastOption(), mat)).toBeUndefined();
  });

  it('rejects with the failure of upstream, even after elements', async () => {
    const failing = Source.from([1, 2]).concat(Source.failed<number>(new TE('up')));
    await expect(failing.runWith(Sink.last(), mat)).rejects.toThrow('up');
    await expect(failing.runWith(Sink.lastOption(), mat)).rejects.toThrow('up');
  });

  it('waits for completion: an element alone settles nothing', async () => {
    const [probe, result] = TestSource.probe<string>().toMat(Sink.last(), Keep.both).run(mat);
    await probe.expectRequest();
    probe.sendNext('a', 'b');
    let settled = false;
    void result.then(() => (settled = true));
    await probe.expectRequest();
    expect(settled).toBe(false);
    probe.sendComplete();
    expect(await result).toBe('b');
  });

  it('rejects with AbruptTerminationError when the stream stops before completing', async () => {
    const own = new Materializer();
    const source = Source.repeat(1).map((x) => {
      if (!own.isShutdown) own.shutdown();
      return x;
    });
    const error = await source.runWith(Sink.last(), own).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbruptTerminationError);
    expect((error as Error).message).toMatch(/^last#3: the stream stopped before it completed$/);
  });
});
