import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, mapAsyncPartitioned, Materializer, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { ManualAsync } from './asyncCalls.js';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('mapAsyncPartitioned', () => {
  it('keeps upstream order and never runs two calls of one partition at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.nat(20), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        async (xs, p) => {
          const running = new Set<number>();
          const perPartition: Record<number, number[]> = {};
          let overlap = false;
          let pending = 0;
          let maxPending = 0;
          const out = await Source.from(xs)
            .mapAsyncPartitioned(
              p,
              (x) => x % 3,
              async (x, key) => {
                if (running.has(key)) overlap = true;
                running.add(key);
                pending++;
                maxPending = Math.max(maxPending, pending);
                (perPartition[key] ??= []).push(x);
                await settle(x % 4);
                running.delete(key);
                pending--;
                return x * 10;
              },
            )
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(xs.map((x) => x * 10));
          expect(overlap).toBe(false);
          expect(maxPending).toBeLessThanOrEqual(p);
          for (const key of [0, 1, 2]) {
            expect(perPartition[key] ?? []).toEqual(xs.filter((x) => x % 3 === key));
          }
        },
      ),
    );
  });

  it('starts the next element of a partition when the previous one resolves', async () => {
    const calls = new ManualAsync<string, string>();
    const [pub, sub] = flowProbes(
      mapAsyncPartitioned(3, (s: string) => s[0], calls.fn),
      mat,
    );
    sub.request(3);
    pub.sendNext('a1', 'a2', 'b1');
    await settle();
    expect(calls.calls.map((c) => c.input)).toEqual(['a1', 'b1']);
    calls.call('b1').resolve('B1');
    calls.call('a1').resolve('A1');
    await sub.expectNext('A1');
    expect(calls.calls.map((c) => c.input)).toEqual(['a1', 'b1', 'a2']);
    calls.call('a2').resolve('A2');
    await sub.expectNext('A2', 'B1');
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('drops a failed element under resume, fails otherwise, and refuses bad settings', async () => {
    const f = (x: number) => (x === 2 ? Promise.reject(new TE('two')) : Promise.resolve(x));
    await expect(
      Source.range(1, 3)
        .mapAsyncPartitioned(2, () => 0, f)
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow('two');
    const resumed = await Source.range(1, 3)
      .mapAsyncPartitioned(2, () => 0, f)
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(resumed).toEqual([1, 3]);
    expect(() => mapAsyncPartitioned(1, 1 as never, () => 1)).toThrow(
      /mapAsyncPartitioned: partitioner must be a function/,
    );
  });

  it('fails with upstream and cancels with downstream', async () => {
    const calls = new ManualAsync<number, number>();
    const [pub, sub] = flowProbes(
      mapAsyncPartitioned(2, () => 0, calls.fn),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(
      mapAsyncPartitioned(2, () => 0, calls.fn),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
  });
});
