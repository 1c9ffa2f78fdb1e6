import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, filterNot, Materializer, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('filterNot', () => {
  it('drops what the predicate accepts, like the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const out = await Source.from(xs)
          .filterNot((x) => x % 3 === 0)
          .runWith(Sink.seq(), mat);
        expect(out).toEqual(xs.filter((x) => x % 3 !== 0));
      }),
    );
  });

  it('pulls again for a dropped element, and backpressures otherwise', async () => {
    const [pub, sub] = flowProbes(
      filterNot<number>((x) => x < 0),
      mat,
    );
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(-1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(
      filterNot<number>(() => false),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(
      filterNot<number>(() => false),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('drops an element whose predicate throws under resume, fails otherwise', async () => {
    const p = (x: number) => {
      if (x === 2) throw new TE('p');
      return false;
    };
    const resumed = await Source.range(1, 3)
      .filterNot(p)
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(resumed).toEqual([1, 3]);
    await expect(Source.range(1, 3).filterNot(p).runWith(Sink.seq(), mat)).rejects.toThrow('p');
  });

  it('refuses a predicate that is not a function', () => {
    expect(() => filterNot(1 as never)).toThrow(/filterNot: p must be a function, got number/);
  });
});
