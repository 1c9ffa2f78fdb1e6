import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { limit, limitWeighted, Materializer, Sink, Source, StreamLimitReachedError } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('limit', () => {
  it('passes up to max elements and fails on one more', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer(), { maxLength: 10 }), fc.nat(10), async (xs, max) => {
        const done = Source.from(xs).limit(max).runWith(Sink.seq(), mat);
        if (xs.length <= max) expect(await done).toEqual(xs);
        else await expect(done).rejects.toBeInstanceOf(StreamLimitReachedError);
      }),
    );
  });

  it('names the stage and the maximum in the error', async () => {
    const error = (await Source.range(1, 3)
      .limit(2)
      .runWith(Sink.seq(), mat)
      .catch((e: unknown) => e)) as StreamLimitReachedError;
    expect(error).toBeInstanceOf(StreamLimitReachedError);
    expect(error.max).toBe(2);
    expect(error.message).toMatch(/^limit#2: cannot pass more than 2/);
  });

  it('backpressures, fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(limit<number>(5), mat);
    sub.request(1);
    pub.sendNext(1, 2);
    await sub.expectNext(1);
    await sub.expectNoMessage(0);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(limit<number>(5), mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('refuses a negative max', () => {
    expect(() => limit(-1)).toThrow(/limit: max must be a non-negative integer, got -1/);
  });
});

describe('limitWeighted', () => {
  it('fails once the total cost passes max', async () => {
    expect(
      await Source.from(['ab', 'c'])
        .limitWeighted(3, (s) => s.length)
        .runWith(Sink.seq(), mat),
    ).toEqual(['ab', 'c']);
    await expect(
      Source.from(['ab', 'cd'])
        .limitWeighted(3, (s) => s.length)
        .runWith(Sink.seq(), mat),
    ).rejects.toThrow(/^limitWeighted#2: cannot pass more than 3/);
  });

  it('refuses bad settings', () => {
    expect(() => limitWeighted(1, 2 as never)).toThrow(/limitWeighted: cost must be a function/);
    expect(() => limitWeighted(0.5, () => 1)).toThrow(
      /limitWeighted: max must be a non-negative integer/,
    );
  });
});
