import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, mapAsync, Materializer, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { ManualAsync } from './asyncCalls.js';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('mapAsync', () => {
  it('emits results in upstream order whatever order they resolve in', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        async (xs, parallelism) => {
          const out = await Source.from(xs)
            .mapAsync(parallelism, async (x) => {
              await settle(Math.abs(x) % 4);
              return x * 2;
            })
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(xs.map((x) => x * 2));
        },
      ),
    );
  });

  it('never holds more than `parallelism` promises, counted', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 40 }),
        async (p, n) => {
          let pending = 0;
          let maxPending = 0;
          await Source.range(1, n, 1)
            .take(n)
            .mapAsync(p, async (x) => {
              pending++;
              maxPending = Math.max(maxPending, pending);
              await settle(1 + (x % 3));
              pending--;
              return x;
            })
            .runWith(Sink.ignore(), mat);
          expect(maxPending).toBeLessThanOrEqual(p);
          if (n >= p) expect(maxPending).toBe(p);
        },
      ),
    );
  });

  it('backpressures when parallelism is reached and downstream does not pull', async () => {
    const calls = new ManualAsync<number, number>();
    const [pub, sub] = flowProbes(mapAsync(2, calls.fn), mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await settle();
    expect(calls.pending).toBe(2);
    expect(pub.pending).toBe(0);
    calls.call(2).resolve(20);
    await settle();
    expect(pub.pending).toBe(0); // 2 resolved but is held behind 1
    calls.call(1).resolve(10);
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(10);
    await pub.expectRequest();
    sub.request(1);
    await sub.expectNext(20);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('completes only after the last result was emitted', async () => {
    const calls = new ManualAsync<number, number>();
    const [pub, sub] = flowProbes(mapAsync(4, calls.fn), mat);
    sub.request(5);
    pub.sendNext(1).sendComplete();
    await sub.expectNoMessage(0);
    calls.call(1).resolve(1);
    await sub.expectNext(1);
    await sub.expectComplete();
  });

  it('skips undefined results', async () => {
    const out = await Source.range(1, 4)
      .mapAsync(2, (x) => Promise.resolve(x % 2 === 0 ? undefined : x))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 3]);
  });

  it('fails on a rejection, and drops the failed element under resume', async () => {
    const f = (x: number) => (x === 2 ? Promise.reject(new TE('two')) : Promise.resolve(x));
    await expect(Source.range(1, 3).mapAsync(2, f).runWith(Sink.seq(), mat)).rejects.toThrow('two');
    const resumed = await Source.range(1, 3)
      .mapAsync(2, f)
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(resumed).toEqual([1, 3]);
    const throwing = await Source.range(1, 3)
      .mapAsync(2, (x) => {
        if (x === 1) throw new TE('sync');
        return Promise.resolve(x);
      })
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(throwing).toEqual([2, 3]);
  });

  it('fails with upstream and cancels with downstream', async () => {
    const calls = new ManualAsync<number, number>();
    const [pub, sub] = flowProbes(mapAsync(2, calls.fn), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(mapAsync(2, calls.fn), mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('refuses bad settings', () => {
    expect(() => mapAsync(0, () => 1)).toThrow(
      /mapAsync: parallelism must be a positive integer, got 0/,
    );
    expect(() => mapAsync(1, 'f' as never)).toThrow(/mapAsync: f must be a function, got string/);
  });
});
