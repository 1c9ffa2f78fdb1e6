import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  drop,
  dropWhile,
  Materializer,
  Sink,
  Source,
  Supervision,
  takeWhile,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

function dropWhileModel<T>(xs: T[], p: (x: T) => boolean): T[] {
  const i = xs.findIndex((x) => !p(x));
  return i < 0 ? [] : xs.slice(i);
}

function takeWhileModel<T>(xs: T[], p: (x: T) => boolean, inclusive: boolean): T[] {
  const i = xs.findIndex((x) => !p(x));
  if (i < 0) return xs;
  return xs.slice(0, inclusive ? i + 1 : i);
}

describe('drop', () => {
  it('is xs.slice(n)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.nat(6), async (xs, n) => {
        expect(await Source.from(xs).drop(n).runWith(Sink.seq(), mat)).toEqual(xs.slice(n));
      }),
    );
  });

  it('backpressures after the prefix, fails and cancels', async () => {
    const [pub, sub] = flowProbes(drop<number>(1), mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(drop<number>(1), mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('refuses a negative count', () => {
    expect(() => drop(-1)).toThrow(/drop: n must be a non-negative integer, got -1/);
  });
});

describe('dropWhile', () => {
  it('matches the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -5, max: 5 })), async (xs) => {
        const p = (x: number) => x < 2;
        expect(await Source.from(xs).dropWhile(p).runWith(Sink.seq(), mat)).toEqual(
          dropWhileModel(xs, p),
        );
      }),
    );
  });

  it('stops asking once an element passed', async () => {
    let calls = 0;
    const out = await Source.from([1, 5, 1])
      .dropWhile((x) => {
        calls++;
        return x < 3;
      })
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([5, 1]);
    expect(calls).toBe(2);
  });

  it('drops an element whose predicate throws under resume; fails by default', async () => {
    const p = (x: number) => {
      if (x === 1) throw new TE('p');
      return x < 3;
    };
    const resumed = await Source.from([1, 2, 4])
      .dropWhile(p)
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(resumed).toEqual([4]);
    await expect(Source.from([1]).dropWhile(p).runWith(Sink.seq(), mat)).rejects.toThrow('p');
  });

  it('cancels with downstream and refuses a non-function', async () => {
    const [pub, sub] = flowProbes(
      dropWhile<number>(() => true),
      mat,
    );
    sub.cancel();
    await pub.expectCancellation();
    expect(() => dropWhile(null as never)).toThrow(/dropWhile: p must be a function/);
  });
});

describe('takeWhile', () => {
  it('matches the array model, inclusive or not', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -5, max: 5 })), fc.boolean(), async (xs, inc) => {
        const p = (x: number) => x < 2;
        expect(await Source.from(xs).takeWhile(p, inc).runWith(Sink.seq(), mat)).toEqual(
          takeWhileModel(xs, p, inc),
        );
      }),
    );
  });

  it('completes and cancels upstream when the predicate fails', async () => {
    const [pub, sub] = flowProbes(
      takeWhile<number>((x) => x < 3),
      mat,
    );
    sub.request(5);
    pub.sendNext(1, 5);
    await sub.expectNext(1);
    await sub.expectComplete();
    await pub.expectCancellation();
  });

  it('fails with upstream and drops an element whose predicate throws under resume', async () => {
    const [pub, sub] = flowProbes(
      takeWhile<number>(() => true),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const out = await Source.from([1, 2, 3])
      .takeWhile((x) => {
        if (x === 2) throw new TE('p');
        return true;
      })
      .withAttributes(Attributes.supervisionStrategy(Supervision.resumingDecider))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 3]);
  });

  it('refuses a non-function', () => {
    expect(() => takeWhile('x' as never)).toThrow(/takeWhile: p must be a function, got string/);
  });
});
