import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, Materializer, Sink, Source, Supervision, takeUntil } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Everything up to and including the first element matching `p`. */
function takeUntilModel<T>(xs: T[], p: (x: T) => boolean): T[] {
  const i = xs.findIndex(p);
  return i < 0 ? xs : xs.slice(0, i + 1);
}

describe('takeUntil', () => {
  it('matches the array model: up to and including the first match', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -5, max: 5 })), async (xs) => {
        const p = (x: number) => x >= 2;
        expect(await Source.from(xs).takeUntil(p).runWith(Sink.seq(), mat)).toEqual(
          takeUntilModel(xs, p),
        );
      }),
    );
  });

  it('emits the matching element, then completes and cancels upstream', async () => {
    const [pub, sub] = flowProbes(
      takeUntil<number>((x) => x === 3),
      mat,
    );
    sub.request(5);
    pub.sendNext(1, 3, 4);
    await sub.expectNext(1, 3);
    await sub.expectComplete();
    await pub.expectCancellation();
  });

  it('backpressures: pulls upstream only on downstream demand', async () => {
    const [pub, sub] = flowProbes(
      takeUntil<number>(() => false),
      mat,
    );
    sub.request(1);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream, cancels with downstream', async () => {
    const [pub, sub] = flowProbes(
      takeUntil<number>(() => false),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(
      takeUntil<number>(() => false),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('fails when p throws, or drops that element under resume', async () => {
    const thrower = (x: number): boolean => {
      if (x === 2) throw new TE('p');
      return x === 4;
    };
    await expect(
      Source.from([1, 2, 3]).takeUntil(thrower).runWith(Sink.seq(), mat),
    ).rejects.toBeInstanceOf(TE);
    const out = await Source.from([1, 2, 3, 4, 5])
      .takeUntil(thrower)
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 3, 4]);
  });

  it('refuses a non-function', () => {
    expect(() => takeUntil('x' as never)).toThrow(/^takeUntil: p must be a function, got string$/);
  });
});
