import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  buffer,
  BufferOverflowError,
  Keep,
  Materializer,
  type OverflowStrategy,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** What a full buffer of `size` keeps when `xs` all arrive before any demand. */
function model(xs: number[], size: number, strategy: OverflowStrategy): number[] {
  const kept: number[] = [];
  for (const x of xs) {
    if (kept.length < size) kept.push(x);
    else if (strategy === 'dropHead') {
      kept.shift();
      kept.push(x);
    } else if (strategy === 'dropTail') kept.splice(kept.length - 1, 1, x);
    else if (strategy === 'dropBuffer') kept.splice(0, kept.length, x);
  }
  return kept;
}

describe('buffer', () => {
  it('passes everything when downstream keeps up', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 1, max: 5 }), async (xs, n) => {
        expect(await Source.from(xs).buffer(n, 'backpressure').runWith(Sink.seq(), mat)).toEqual(
          xs,
        );
      }),
    );
  });

  it('keeps what each drop strategy keeps, when everything arrives before demand', async () => {
    const strategies: OverflowStrategy[] = ['dropHead', 'dropTail', 'dropBuffer', 'dropNew'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom(...strategies),
        async (xs, size, strategy) => {
          const [pub, sub] = TestSource.probe<number>()
            .via(buffer(size, strategy))
            .toMat(TestSink.probe<number>(), Keep.both)
            .run(mat);
          pub.sendNext(...xs).sendComplete();
          await settle();
          expect(await sub.toStrict()).toEqual(model(xs, size, strategy));
        },
      ),
    );
  });

  it('never holds more than its bound under random demand (backpressure), counted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 15 }),
        async (size, demands) => {
          let produced = 0;
          let consumed = 0;
          let maxHeld = 0;
          const sub = Source.range(1, 1000)
            .map((x) => {
              produced++;
              return x;
            })
            .buffer(size, 'backpressure')
            .map((x) => {
              consumed++;
              return x;
            })
            .runWith(TestSink.probe<number>(), mat);
          for (const n of demands) {
            if (n > 0) sub.request(n);
            await settle();
            maxHeld = Math.max(maxHeld, produced - consumed);
          }
          expect(maxHeld).toBeLessThanOrEqual(size);
          sub.cancel();
          await settle();
        },
      ),
    );
  });

  it('fails with BufferOverflowError under the fail strategy', async () => {
    const [pub, sub] = flowProbes(buffer<number>(2, 'fail'), mat);
    pub.sendNext(1, 2, 3);
    const error = await sub.expectError();
    expect(error).toBeInstanceOf(BufferOverflowError);
    expect((error as BufferOverflowError).capacity).toBe(2);
    expect((error as Error).message).toMatch(
      /^buffer#2: cannot buffer an element: the buffer is full at 2/,
    );
  });

  it('drains before completing, fails with upstream, cancels with downstream', async () => {
    const [pub, sub] = flowProbes(buffer<number>(4, 'backpressure'), mat);
    pub.sendNext(1, 2).sendComplete();
    await settle();
    sub.request(2);
    await sub.expectNext(1, 2);
    await sub.expectComplete();
    const [pub2, sub2] = flowProbes(buffer<number>(4, 'backpressure'), mat);
    const error = new TE('up');
    pub2.sendError(error);
    await sub2.expectError(error);
    const [pub3, sub3] = flowProbes(buffer<number>(4, 'backpressure'), mat);
    sub3.cancel();
    await pub3.expectCancellation();
  });

  it('refuses bad settings', () => {
    expect(() => buffer(0, 'dropNew')).toThrow(/buffer: size must be a positive integer, got 0/);
    expect(() => buffer(1, 'dropAll' as never)).toThrow(/buffer: overflowStrategy must be one of/);
  });
});
