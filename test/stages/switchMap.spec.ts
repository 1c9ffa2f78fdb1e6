import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source, switchMap } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

describe('switchMap', () => {
  it('emits every inner element when each inner source ends before the next element', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .switchMap((x) => Source.from([x, x * 10]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(10);
    pub.sendNext(1);
    await sub.expectNext(1, 10);
    pub.sendNext(2);
    await sub.expectNext(2, 20);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('the last inner source always runs to completion', async () => {
    const out = await Source.from([1, 2, 3])
      .switchMap((x) => Source.from([x, x * 10]))
      .runWith(Sink.seq(), mat);
    expect(out.slice(-2)).toEqual([3, 30]);
  });

  it('a new upstream element cancels the current inner source', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .switchMap((x) => Source.repeat(x))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    pub.sendNext(1);
    await sub.expectNext(1, 1);
    pub.sendNext(2);
    await sub.expectNoMessage(10);
    sub.request(2);
    await sub.expectNext(2, 2);
    pub.sendComplete();
    await sub.expectNoMessage(10);
    sub.cancel();
  });

  it('never backpressures upstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .switchMap((x) => Source.single(x))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    for (let i = 0; i < 5; i++) {
      await pub.expectRequest();
      pub.sendNext(i);
    }
    sub.request(1);
    await sub.expectNext(4);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('completes after upstream and the current inner source complete', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .switchMap((x) => Source.from([x, x + 1]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendNext(1);
    pub.sendComplete();
    await sub.expectNoMessage(10);
    sub.request(3);
    await sub.expectNext(1, 2);
    await sub.expectComplete();
    expect(await Source.empty<number>().switchMap(Source.single).runWith(Sink.seq(), mat)).toEqual(
      [],
    );
  });

  it('fails when upstream, the inner source, or f fails', async () => {
    await expect(
      Source.failed<number>(boom).switchMap(Source.single).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.single(1)
        .switchMap(() => Source.failed(boom))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.single(1)
        .switchMap(() => {
          throw boom;
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('cancels upstream and the inner source with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(switchMap((x: number) => Source.repeat(x)))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects a non-function', () => {
    expect(() => switchMap(1 as never)).toThrow('switchMap: f must be a function, got number');
  });
});
