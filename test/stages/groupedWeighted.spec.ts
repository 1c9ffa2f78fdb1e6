import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupedWeighted, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

function model(xs: number[], min: number): number[][] {
  const out: number[][] = [];
  let group: number[] = [];
  let weight = 0;
  for (const x of xs) {
    group.push(x);
    weight += x;
    if (weight >= min) {
      out.push(group);
      group = [];
      weight = 0;
    }
  }
  if (group.length > 0) out.push(group);
  return out;
}

describe('groupedWeighted', () => {
  it('groups by total cost against an array model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 10 })),
        fc.integer({ min: 1, max: 20 }),
        async (xs, min) => {
          const out = await Source.from(xs)
            .groupedWeighted(min, (x) => x)
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(model(xs, min));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('emits a group only on demand (back-pressure) and the remainder at completion', async () => {
    const [pub, sub] = flowProbes(
      groupedWeighted(3, (x: number) => x),
      mat,
    );
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext([1, 2]);
    await sub.expectNoMessage(0);
    pub.sendNext(5);
    await sub.expectNoMessage(0);
    sub.request(2);
    await sub.expectNext([5]);
    await pub.expectRequest();
    pub.sendNext(1);
    pub.sendComplete();
    await sub.expectNext([1]);
    await sub.expectComplete();
  });

  it('fails on upstream failure, a throwing or negative cost; cancels upstream', async () => {
    const boom = new TE('up');
    const [pub, sub] = flowProbes(
      groupedWeighted(3, (x: number) => x),
      mat,
    );
    pub.sendError(boom);
    await sub.expectError(boom);
    await expect(
      Source.from([1, -1])
        .groupedWeighted(3, (x) => x)
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow(/cost must be a non-negative finite number, got -1/);
    const boom2 = new TE('cost');
    await expect(
      Source.from([1])
        .groupedWeighted(3, (): number => {
          throw boom2;
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom2);
    const [pub2, sub2] = flowProbes(
      groupedWeighted(3, (x: number) => x),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('rejects invalid settings', () => {
    expect(() => groupedWeighted(0, (x: number) => x)).toThrow(
      'groupedWeighted: minWeight must be a positive number, got 0',
    );
    expect(() => groupedWeighted(Number.NaN, (x: number) => x)).toThrow(RangeError);
    expect(() => groupedWeighted(1, 3 as unknown as (x: number) => number)).toThrow(TypeError);
  });
});
