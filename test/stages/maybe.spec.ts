import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, NeverMaterializedError, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Source.maybe', () => {
  it('emits the value it is resolved with, then completes', async () => {
    const [deferred, sub] = Source.maybe<number>()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await sub.expectNoMessage(0);
    deferred.resolve(42);
    await sub.expectNext(42);
    await sub.expectComplete();
  });

  it('waits for demand before emitting', async () => {
    const [deferred, sub] = Source.maybe<number>()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    deferred.resolve(1);
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext(1);
    await sub.expectComplete();
  });

  it('completes empty on undefined and fails on a rejection', async () => {
    const [empty, result] = Source.maybe<number>().toMat(Sink.seq(), Keep.both).run(mat);
    empty.resolve(undefined);
    expect(await result).toEqual([]);
    const [failing, result2] = Source.maybe<number>().toMat(Sink.seq(), Keep.both).run(mat);
    const error = new TE('nope');
    failing.reject(error);
    await expect(result2).rejects.toBe(error);
  });

  it('resolves its deferred with undefined when downstream cancels first', async () => {
    const [deferred, sub] = Source.maybe<number>()
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.cancel();
    await expect(deferred.promise).resolves.toBeUndefined();
  });
});

describe('Source.never', () => {
  it('never emits nor completes, and stops when cancelled', async () => {
    const sub = Source.never<number>().runWith(TestSink.probe<number>(), mat);
    sub.request(1);
    await sub.expectNoMessage(10);
    sub.cancel();
    await settle();
  });
});

describe('Source.lazySource', () => {
  it('creates the inner source only on the first pull and hands back its mat value', async () => {
    let created = 0;
    const [innerMat, sub] = Source.lazySource(() => {
      created++;
      return Source.from([1, 2]).mapMaterializedValue(() => 'inner');
    })
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(0);
    expect(created).toBe(0);
    sub.request(1);
    await sub.expectNext(1);
    expect(created).toBe(1);
    expect(await innerMat).toBe('inner');
    sub.request(1);
    await sub.expectNext(2);
    await sub.expectComplete();
  });

  it('rejects its mat value when cancelled before the first pull', async () => {
    const [innerMat, sub] = Source.lazySource(() => Source.single(1))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.cancel();
    await expect(innerMat).rejects.toBeInstanceOf(NeverMaterializedError);
  });

  it('fails when the inner source fails or the factory throws', async () => {
    const error = new TE('inner');
    await expect(
      Source.lazySource(() => Source.failed<number>(error)).runWith(Sink.seq(), mat),
    ).rejects.toBe(error);
    await expect(
      Source.lazySource((): Source<number, unknown> => {
        throw new TE('factory');
      }).runWith(Sink.seq(), mat),
    ).rejects.toThrow('factory');
    expect(() => Source.lazySource(1 as never)).toThrow(
      /Source.lazySource: create must be a function/,
    );
  });

  it('cancels the inner source when downstream cancels', async () => {
    const sub = Source.lazySource(() => Source.repeat(1)).runWith(TestSink.probe<number>(), mat);
    sub.request(2);
    await sub.expectNext(1, 1);
    sub.cancel();
    await settle(10);
  });
});
