import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, mapAsyncUnordered, Materializer, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped, settle } from 'sluice/testkit';
import { ManualAsync } from './asyncCalls.js';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('mapAsyncUnordered', () => {
  it('emits every result, in any order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer(), { maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        async (xs, p) => {
          const out = await Source.from(xs)
            .mapAsyncUnordered(p, async (x) => {
              await settle(Math.abs(x) % 4);
              return x;
            })
            .runWith(Sink.seq(), mat);
          expect([...out].sort((a, b) => a - b)).toEqual([...xs].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('emits in completion order and holds at most `parallelism` elements', async () => {
    const calls = new ManualAsync<number, number>();
    const [pub, sub] = flowProbes(mapAsyncUnordered(2, calls.fn), mat);
    sub.request(1);
    pub.sendNext(1, 2, 3);
    await settle();
    expect(calls.calls).toHaveLength(2);
    calls.call(2).resolve(20);
    await sub.expectNext(20);
    await settle();
    expect(calls.calls).toHaveLength(3);
    calls.call(3).resolve(30);
    calls.call(1).resolve(10);
    await settle();
    expect(calls.maxPending).toBe(2);
    await sub.expectNoMessage(0);
    sub.request(2);
    await sub.expectNext(30, 10);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('drops a failed element under resume and fails otherwise', async () => {
    const f = (x: number) => (x === 2 ? Promise.reject(new TE('two')) : Promise.resolve(x));
    await expect(
      Source.range(1, 3).mapAsyncUnordered(2, f).runWith(Sink.seq(), mat),
    ).rejects.toThrow('two');
    const resumed = await Source.range(1, 3)
      .mapAsyncUnordered(2, f)
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(resumed.sort()).toEqual([1, 3]);
  });

  it('fails with upstream, cancels with downstream, refuses bad settings', async () => {
    const calls = new ManualAsync<number, number>();
    const [pub, sub] = flowProbes(mapAsyncUnordered(2, calls.fn), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(mapAsyncUnordered(2, calls.fn), mat);
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => mapAsyncUnordered(-1, () => 1)).toThrow(
      /mapAsyncUnordered: parallelism must be a positive integer, got -1/,
    );
  });
});
