import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, NeverMaterializedError, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Sink.lazySink', () => {
  it('creates the inner sink on the first element and passes all elements to it', async () => {
    let created = 0;
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazySink(() => {
          created++;
          return Sink.seq<number>();
        }),
        Keep.both,
      )
      .run(mat);
    await pub.expectRequest();
    expect(created).toBe(0);
    pub.sendNext(1);
    await settle();
    expect(created).toBe(1);
    pub.sendNext(2);
    pub.sendNext(3);
    pub.sendComplete();
    expect(await innerMat).toEqual([1, 2, 3]);
    expect(created).toBe(1);
  });

  it('passes a single element and completion', async () => {
    const result = Source.single(7).runWith(
      Sink.lazySink(() => Sink.seq<number>()),
      mat,
    );
    expect(await result).toEqual([7]);
  });

  it('rejects with NeverMaterializedError when upstream completes empty', async () => {
    let created = 0;
    const result = Source.empty<number>().runWith(
      Sink.lazySink(() => {
        created++;
        return Sink.seq<number>();
      }),
      mat,
    );
    await expect(result).rejects.toBeInstanceOf(NeverMaterializedError);
    expect(created).toBe(0);
  });

  it('rejects with NeverMaterializedError carrying the cause when upstream fails first', async () => {
    const boom = new TE('boom');
    const result = Source.failed<number>(boom).runWith(
      Sink.lazySink(() => Sink.seq<number>()),
      mat,
    );
    const error: unknown = await result.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(NeverMaterializedError);
    expect((error as Error).cause).toBe(boom);
  });

  it('passes an upstream failure after the first element to the inner sink', async () => {
    const boom = new TE('boom');
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazySink(() => Sink.seq<number>()),
        Keep.both,
      )
      .run(mat);
    pub.sendNext(1);
    await settle();
    pub.sendError(boom);
    // The inner mat value is itself a promise, so the outer promise adopts its rejection.
    await expect(innerMat).rejects.toBe(boom);
  });

  it('fails the stream and the mat value when create throws', async () => {
    const boom = new TE('create');
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazySink((): Sink<number, unknown> => {
          throw boom;
        }),
        Keep.both,
      )
      .run(mat);
    pub.sendNext(1);
    await expect(innerMat).rejects.toBe(boom);
    await pub.expectCancellation();
  });

  it('cancels upstream when the inner sink cancels', async () => {
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazySink(() => Sink.head<number>()),
        Keep.both,
      )
      .run(mat);
    pub.sendNext(5);
    expect(await innerMat).toBe(5);
    await pub.expectCancellation();
  });

  it('backpressures with the inner sink', async () => {
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazySink(() => TestSink.probe<number>()),
        Keep.both,
      )
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    const sub = await innerMat;
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(1);
    // No more demand upstream until the inner sink asks again.
    await settle();
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('rejects a non-function factory', () => {
    expect(() => Sink.lazySink(undefined as unknown as () => Sink<number, unknown>)).toThrow(
      TypeError,
    );
  });
});

describe('Sink.lazyFutureSink and Sink.futureSink', () => {
  it('lazyFutureSink calls the factory on the first element and waits for its promise', async () => {
    let created = 0;
    let resolveSink: (sink: Sink<number, Promise<number[]>>) => void = () => undefined;
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazyFutureSink(() => {
          created++;
          return new Promise<Sink<number, Promise<number[]>>>((resolve) => {
            resolveSink = resolve;
          });
        }),
        Keep.both,
      )
      .run(mat);
    await pub.expectRequest();
    expect(created).toBe(0);
    pub.sendNext(1);
    await settle();
    expect(created).toBe(1);
    // Upstream completing while the sink is created still delivers the first element.
    pub.sendComplete();
    await settle();
    resolveSink(Sink.seq<number>());
    expect(await innerMat).toEqual([1]);
  });

  it('lazyFutureSink fails the stream when the promise rejects', async () => {
    const boom = new TE('nope');
    const [pub, innerMat] = TestSource.probe<number>()
      .toMat(
        Sink.lazyFutureSink(() => Promise.reject<Sink<number, unknown>>(boom)),
        Keep.both,
      )
      .run(mat);
    pub.sendNext(1);
    await expect(innerMat).rejects.toBe(boom);
    await pub.expectCancellation();
  });

  it('futureSink materializes the resolved sink on the first element', async () => {
    const result = Source.from([1, 2, 3]).runWith(
      Sink.futureSink(Promise.resolve(Sink.seq<number>())),
      mat,
    );
    expect(await result).toEqual([1, 2, 3]);
  });

  it('futureSink rejects with NeverMaterializedError on an empty stream', async () => {
    const result = Source.empty<number>().runWith(
      Sink.futureSink(Promise.resolve(Sink.seq<number>())),
      mat,
    );
    await expect(result).rejects.toBeInstanceOf(NeverMaterializedError);
  });

  it('futureSink fails with the rejection of its promise', async () => {
    const boom = new TE('nope');
    const result = Source.from([1, 2]).runWith(
      Sink.futureSink(Promise.reject<Sink<number, Promise<number[]>>>(boom)),
      mat,
    );
    await expect(result).rejects.toBe(boom);
    await settle();
  });

  it('rejects invalid arguments', () => {
    expect(() => Sink.futureSink(42 as unknown as Promise<Sink<number, unknown>>)).toThrow(
      /futureSink: sinkPromise must be a promise/,
    );
    expect(() =>
      Sink.lazyFutureSink(null as unknown as () => Promise<Sink<number, unknown>>),
    ).toThrow(TypeError);
  });
});
