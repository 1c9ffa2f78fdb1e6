import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Keep, Materializer, NeverMaterializedError, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Source.fromIterator', () => {
  it('emits the iterator elements against an array model, afresh per materialization', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        let created = 0;
        const source = Source.fromIterator(() => {
          created++;
          return xs[Symbol.iterator]();
        });
        expect(await source.map((x) => x * 2).runWith(Sink.seq(), mat)).toEqual(
          xs.map((x) => x * 2),
        );
        expect(await source.runWith(Sink.seq(), mat)).toEqual(xs);
        expect(created).toBe(2);
      }),
      { numRuns: 30 },
    );
  });

  it('emits one element per pull (back-pressure)', async () => {
    let nexts = 0;
    const iterator: Iterator<number> = {
      next: () => ({ done: false, value: ++nexts }),
    };
    const sub = Source.fromIterator(() => iterator).runWith(TestSink.probe<number>(), mat);
    await sub.expectNoMessage(0);
    expect(nexts).toBe(0);
    sub.request(2);
    await sub.expectNext(1);
    await sub.expectNext(2);
    await sub.expectNoMessage(0);
    expect(nexts).toBe(2);
    sub.cancel();
    await settle();
  });

  it('closes an unfinished generator when downstream cancels', async () => {
    let closed = false;
    function* gen(): Generator<number> {
      try {
        for (let i = 1; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    expect(await Source.fromIterator(gen).take(3).runWith(Sink.seq(), mat)).toEqual([1, 2, 3]);
    expect(closed).toBe(true);
  });

  it('fails when next throws or the factory throws', async () => {
    const boom = new TE('next');
    const failing: Iterator<number> = {
      next: () => {
        throw boom;
      },
    };
    await expect(Source.fromIterator(() => failing).runWith(Sink.seq(), mat)).rejects.toBe(boom);
    const boom2 = new TE('create');
    await expect(
      Source.fromIterator((): Iterator<number> => {
        throw boom2;
      }).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom2);
  });

  it('rejects a non-function and a non-iterator', async () => {
    expect(() => Source.fromIterator(42 as unknown as () => Iterator<number>)).toThrow(TypeError);
    await expect(
      Source.fromIterator(() => 42 as unknown as Iterator<number>).runWith(Sink.seq(), mat),
    ).rejects.toThrow(/must return an iterator/);
  });
});

describe('Source.lazySingle', () => {
  it('calls create on the first pull only', async () => {
    let calls = 0;
    const sub = Source.lazySingle(() => ++calls).runWith(TestSink.probe<number>(), mat);
    await sub.expectNoMessage(0);
    expect(calls).toBe(0);
    sub.request(1);
    await sub.expectNext(1);
    await sub.expectComplete();
    expect(calls).toBe(1);
  });

  it('does not call create when cancelled first, and fails when it throws', async () => {
    let calls = 0;
    const sub = Source.lazySingle(() => ++calls).runWith(TestSink.probe<number>(), mat);
    sub.cancel();
    await settle();
    expect(calls).toBe(0);
    const boom = new TE('x');
    await expect(
      Source.lazySingle((): number => {
        throw boom;
      }).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(() => Source.lazySingle(undefined as unknown as () => number)).toThrow(TypeError);
  });
});

describe('Source.lazyFuture', () => {
  it('creates the promise on the first pull and emits its value', async () => {
    let calls = 0;
    const sub = Source.lazyFuture(() => {
      calls++;
      return Promise.resolve(5);
    }).runWith(TestSink.probe<number>(), mat);
    await sub.expectNoMessage(0);
    expect(calls).toBe(0);
    sub.request(3);
    await sub.expectNext(5);
    await sub.expectComplete();
    expect(calls).toBe(1);
  });

  it('fails on a rejection or a throwing create; never calls create when cancelled first', async () => {
    const boom = new TE('r');
    await expect(
      Source.lazyFuture(() => Promise.reject<number>(boom)).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    const boom2 = new TE('t');
    await expect(
      Source.lazyFuture((): Promise<number> => {
        throw boom2;
      }).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom2);
    let calls = 0;
    const sub = Source.lazyFuture(() => {
      calls++;
      return Promise.resolve(1);
    }).runWith(TestSink.probe<number>(), mat);
    sub.cancel();
    await settle();
    expect(calls).toBe(0);
    expect(() => Source.lazyFuture(null as unknown as () => Promise<number>)).toThrow(TypeError);
  });
});

describe('Source.futureSource and Source.lazyFutureSource', () => {
  it('futureSource emits the inner source and materializes its mat value', async () => {
    const [innerMat, result] = Source.futureSource(
      Promise.resolve(Source.from([1, 2, 3]).mapMaterializedValue(() => 'inner')),
    )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await result).toEqual([1, 2, 3]);
    expect(await innerMat).toBe('inner');
  });

  it('futureSource materializes the inner source without demand, and respects back-pressure', async () => {
    const [innerMat, sub] = Source.futureSource(Promise.resolve(TestSource.probe<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    const pub = await innerMat;
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('futureSource fails on a rejection and passes on an inner failure', async () => {
    const boom = new TE('r');
    const [innerMat, result] = Source.futureSource(Promise.reject<Source<number, unknown>>(boom))
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    await expect(result).rejects.toBe(boom);
    await expect(innerMat).rejects.toBe(boom);
    const boom2 = new TE('inner');
    await expect(
      Source.futureSource(Promise.resolve(Source.failed<number>(boom2))).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom2);
  });

  it('cancels the inner source when downstream cancels', async () => {
    const [innerMat, sub] = Source.futureSource(Promise.resolve(TestSource.probe<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    const pub = await innerMat;
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects with NeverMaterializedError when cancelled before the promise resolved', async () => {
    const [innerMat, sub] = Source.futureSource(
      new Promise<Source<number, unknown>>(() => undefined),
    )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.cancel();
    await expect(innerMat).rejects.toBeInstanceOf(NeverMaterializedError);
  });

  it('lazyFutureSource creates the promise on the first pull', async () => {
    let calls = 0;
    const [innerMat, sub] = Source.lazyFutureSource(() => {
      calls++;
      return Promise.resolve(Source.from([4, 5]).mapMaterializedValue(() => 7));
    })
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(0);
    expect(calls).toBe(0);
    sub.request(1);
    await sub.expectNext(4);
    expect(await innerMat).toBe(7);
    sub.request(1);
    await sub.expectNext(5);
    await sub.expectComplete();
    expect(calls).toBe(1);
  });

  it('lazyFutureSource never calls create when cancelled first; fails when create throws', async () => {
    let calls = 0;
    const [innerMat, sub] = Source.lazyFutureSource(() => {
      calls++;
      return Promise.resolve(Source.single(1));
    })
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.cancel();
    await expect(innerMat).rejects.toBeInstanceOf(NeverMaterializedError);
    expect(calls).toBe(0);
    const boom = new TE('t');
    await expect(
      Source.lazyFutureSource((): Promise<Source<number, unknown>> => {
        throw boom;
      }).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('rejects invalid arguments', () => {
    expect(() => Source.futureSource(1 as unknown as Promise<Source<number, unknown>>)).toThrow(
      /sourcePromise must be a promise/,
    );
    expect(() =>
      Source.lazyFutureSource(1 as unknown as () => Promise<Source<number, unknown>>),
    ).toThrow(TypeError);
  });
});
