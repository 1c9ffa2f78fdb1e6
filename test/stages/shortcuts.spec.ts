import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { collectType, foldWhile, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});
const boom = new Error('boom');

describe('foldWhile', () => {
  it('folds while the predicate holds, like the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(20)), fc.nat(60), async (xs, limit) => {
        const out = await Source.from(xs)
          .foldWhile(
            0,
            (sum) => sum < limit,
            (sum, x) => sum + x,
          )
          .runWith(Sink.seq(), mat);
        let sum = 0;
        for (const x of xs) {
          if (sum >= limit) break;
          sum += x;
        }
        expect(out).toEqual([sum]);
      }),
      { numRuns: 60 },
    );
  });

  it('cancels upstream once the predicate fails and emits on demand only', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .foldWhile(
        0,
        (sum) => sum < 5,
        (sum, x) => sum + x,
      )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(3);
    await pub.expectRequest();
    pub.sendNext(4);
    await pub.expectCancellation();
    await sub.expectNext(7);
    await sub.expectComplete();
  });

  it('fails with upstream or f, and refuses non-functions', async () => {
    await expect(
      Source.failed<number>(boom)
        .foldWhile(
          0,
          () => true,
          (a: number, x: number) => a + x,
        )
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.single(1)
        .foldWhile<number>(
          0,
          () => true,
          () => {
            throw boom;
          },
        )
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(() => foldWhile(0, 1 as never, (a: number) => a)).toThrow(
      'foldWhile: p must be a function, got number',
    );
  });
});

describe('collectType', () => {
  it('passes the instances of a class, narrowed', async () => {
    const when = new Date(0);
    const out: Date[] = await Source.from<unknown>([1, when, 'x', new Date(1)])
      .collectType(Date)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([when, new Date(1)]);
    expect(() => collectType(undefined as never)).toThrow('collectType: type must be a function');
  });
});

describe('Source.items, Source.future, runForeach, runFold', () => {
  it('are the shortcuts Pekko users reach for', async () => {
    expect(await Source.items(1, 2, 3).runFold(0, (a, x) => a + x, mat)).toBe(6);
    expect(await Source.future(Promise.resolve('v')).runWith(Sink.seq(), mat)).toEqual(['v']);
    const seen: number[] = [];
    await Source.items(4, 5).runForeach((x) => seen.push(x), mat);
    expect(seen).toEqual([4, 5]);
    await expect(Source.failed<number>(boom).runForeach(() => undefined, mat)).rejects.toBe(boom);
  });
});
