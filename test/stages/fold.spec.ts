import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, fold, Materializer, Sink, Source, Supervision } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

const sum = (a: number, b: number): number => a + b;

describe('fold (flow)', () => {
  it('matches Array.prototype.reduce with a seed, fused or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.boolean(), async (xs, detached) => {
        const source = detached ? Source.from(xs).buffer(1, 'backpressure') : Source.from(xs);
        const out = await source.fold(1, (a, b) => a * 3 + b).runWith(Sink.seq(), mat);
        expect(out).toEqual([xs.reduce((a, b) => a * 3 + b, 1)]);
      }),
      { numRuns: 60 },
    );
  });

  it('takes elements once the result is asked for, emits it at completion', async () => {
    const [pub, sub] = flowProbes(fold(10, sum), mat);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1, 2, 3);
    await sub.expectNoMessage(0);
    pub.sendComplete();
    await sub.expectNext(16);
    await sub.expectComplete();
  });

  it('fails with upstream and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(fold(0, sum), mat);
    sub.request(1);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(fold(0, sum), mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('keeps the accumulator on resume and resets it on restart', async () => {
    const run = (decider: typeof Supervision.resumingDecider) =>
      Source.from([1, 2, 3, 4])
        .fold(100, (a, b) => {
          if (b === 3) throw new TE('three');
          return a + b;
        })
        .withAttributes(Attributes.supervisionStrategy(decider))
        .runWith(Sink.head(), mat);
    expect(await run(Supervision.resumingDecider)).toBe(107);
    expect(await run(Supervision.restartingDecider)).toBe(104);
    await expect(run(Supervision.stoppingDecider)).rejects.toThrow('three');
  });

  it('refuses a non-function', () => {
    expect(() => fold(0, 0 as never)).toThrow(/fold: f must be a function, got number/);
  });
});
