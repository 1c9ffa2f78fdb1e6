import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { detach, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('detach', () => {
  it('passes every element', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        expect(await Source.from(xs).detach().runWith(Sink.seq(), mat)).toEqual(xs);
      }),
    );
  });

  it('pulls one element ahead of demand, and no more', async () => {
    const [pub, sub] = flowProbes(detach<number>(), mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await sub.expectNext(1);
    await pub.expectRequest();
    pub.sendNext(2).sendComplete();
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(2);
    await sub.expectComplete();
  });

  it('fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(detach<number>(), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(detach<number>(), mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });
});
