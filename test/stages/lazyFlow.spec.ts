import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Keep, Materializer, NeverMaterializedError, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Flow.lazyFlow', () => {
  it('creates the inner flow on the first element and runs every element through it', async () => {
    let created = 0;
    const [[pub, innerMat], sub] = TestSource.probe<number>()
      .viaMat(
        Flow.lazyFlow(() => {
          created++;
          return Flow.create<number>()
            .map((x) => x * 2)
            .mapMaterializedValue(() => 'inner');
        }),
        Keep.both,
      )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(0);
    expect(created).toBe(0);
    sub.request(3);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(2);
    expect(await innerMat).toBe('inner');
    pub.sendNext(2);
    pub.sendNext(3);
    await sub.expectNext(4);
    await sub.expectNext(6);
    pub.sendComplete();
    await sub.expectComplete();
    expect(created).toBe(1);
  });

  it('passes a single element through, and an inner flow that changes the count', async () => {
    expect(
      await Source.single(5)
        .via(Flow.lazyFlow(() => Flow.create<number>().mapConcat((x) => [x, x])))
        .runWith(Sink.seq(), mat),
    ).toEqual([5, 5]);
  });

  it('completes and rejects with NeverMaterializedError on an empty upstream', async () => {
    let created = 0;
    const [innerMat, result] = Source.empty<number>()
      .viaMat(
        Flow.lazyFlow(() => {
          created++;
          return Flow.create<number>();
        }),
        Keep.right,
      )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await result).toEqual([]);
    await expect(innerMat).rejects.toBeInstanceOf(NeverMaterializedError);
    expect(created).toBe(0);
  });

  it('fails before the first element with NeverMaterializedError in the mat value', async () => {
    const boom = new TE('up');
    const [innerMat, result] = Source.failed<number>(boom)
      .viaMat(
        Flow.lazyFlow(() => Flow.create<number>()),
        Keep.right,
      )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    await expect(result).rejects.toBe(boom);
    await expect(innerMat).rejects.toBeInstanceOf(NeverMaterializedError);
  });

  it('passes an upstream failure after the first element through the inner flow', async () => {
    const boom = new TE('up');
    const [pub, sub] = TestSource.probe<number>()
      .via(Flow.lazyFlow(() => Flow.create<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendError(boom);
    await sub.expectError(boom);
  });

  it('fails the stream when create throws', async () => {
    const boom = new TE('create');
    const [innerMat, result] = Source.from([1, 2])
      .viaMat(
        Flow.lazyFlow((): Flow<number, number, unknown> => {
          throw boom;
        }),
        Keep.right,
      )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    await expect(result).rejects.toBe(boom);
    await expect(innerMat).rejects.toBe(boom);
  });

  it('cancels upstream when downstream cancels, and when the inner flow cancels its input', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(Flow.lazyFlow(() => Flow.create<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    sub.cancel();
    await pub.expectCancellation();

    const [pub2, sub2] = TestSource.probe<number>()
      .via(Flow.lazyFlow(() => Flow.create<number>().take(2)))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.request(5);
    pub2.sendNext(1);
    pub2.sendNext(2);
    await sub2.expectNext(1);
    await sub2.expectNext(2);
    await sub2.expectComplete();
    await pub2.expectCancellation();
  });

  it('backpressures with the inner flow and downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(Flow.lazyFlow(() => Flow.create<number>()))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await settle();
    const before = pub.pending;
    await sub.expectNoMessage(0);
    expect(before).toBeLessThanOrEqual(1);
    sub.request(1);
    pub.sendNext(2);
    await sub.expectNext(2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('rejects a non-function', () => {
    expect(() =>
      Flow.lazyFlow(undefined as unknown as () => Flow<number, number, unknown>),
    ).toThrow(TypeError);
  });
});

describe('Flow.lazyFutureFlow and Flow.futureFlow', () => {
  it('lazyFutureFlow waits for the promise; an upstream completion meanwhile still delivers', async () => {
    let resolveFlow: (flow: Flow<number, number, unknown>) => void = () => undefined;
    let created = 0;
    const [pub, sub] = TestSource.probe<number>()
      .via(
        Flow.lazyFutureFlow(() => {
          created++;
          return new Promise<Flow<number, number, unknown>>((resolve) => {
            resolveFlow = resolve;
          });
        }),
      )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    pub.sendNext(1);
    pub.sendComplete();
    await settle();
    expect(created).toBe(1);
    await sub.expectNoMessage(0);
    resolveFlow(Flow.create<number>().map((x) => x + 100));
    await sub.expectNext(101);
    await sub.expectComplete();
  });

  it('lazyFutureFlow fails when the promise rejects', async () => {
    const boom = new TE('nope');
    await expect(
      Source.single(1)
        .via(Flow.lazyFutureFlow(() => Promise.reject<Flow<number, number, unknown>>(boom)))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('futureFlow runs the elements through the resolved flow', async () => {
    const [innerMat, result] = Source.from([1, 2, 3])
      .viaMat(
        Flow.futureFlow(
          Promise.resolve(
            Flow.create<number>()
              .filter((x) => x !== 2)
              .mapMaterializedValue(() => 9),
          ),
        ),
        Keep.right,
      )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await result).toEqual([1, 3]);
    expect(await innerMat).toBe(9);
  });

  it('futureFlow fails with the rejection and rejects a non-promise', async () => {
    const boom = new TE('nope');
    await expect(
      Source.from([1, 2])
        .via(Flow.futureFlow(Promise.reject<Flow<number, number, unknown>>(boom)))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(() => Flow.futureFlow(5 as unknown as Promise<Flow<number, number, unknown>>)).toThrow(
      /flowPromise must be a promise/,
    );
  });
});
