import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('watchTermination', () => {
  it('resolves when upstream completes, passing elements', async () => {
    const [done, result] = Source.from([1, 2])
      .watchTermination()
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await result).toEqual([1, 2]);
    await expect(done).resolves.toBeUndefined();
  });

  it('rejects when upstream fails', async () => {
    const error = new TE('up');
    const [done, result] = Source.failed<number>(error)
      .watchTermination()
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    await expect(result).rejects.toBe(error);
    await expect(done).rejects.toBe(error);
  });

  it('resolves on a plain cancel and rejects on a cancel with a failure', async () => {
    const [[pub, done], sub] = TestSource.probe<number>()
      .watchTermination(Keep.both)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(0);
    sub.cancel();
    await pub.expectCancellation();
    await expect(done).resolves.toBeUndefined();

    const error = new TE('down');
    const [[pub2, done2], sub2] = TestSource.probe<number>()
      .watchTermination(Keep.both)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.cancel(error);
    expect(await pub2.expectCancellation()).toBe(error);
    await expect(done2).rejects.toBe(error);
  });

  it('keeps the upstream mat value with a combiner', () => {
    const mats = Source.single(1)
      .mapMaterializedValue(() => 'left')
      .watchTermination((left, done) => [left, done] as const)
      .to(Sink.ignore())
      .run(mat);
    expect(mats[0]).toBe('left');
    expect(mats[1]).toBeInstanceOf(Promise);
  });
});
