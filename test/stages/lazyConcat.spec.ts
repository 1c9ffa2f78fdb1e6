import { afterEach, describe, expect, it } from 'vitest';
import { concatLazy, Keep, Materializer, prependLazy, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { counted } from './materializations.js';
import fc from 'fast-check';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

describe('concatLazy', () => {
  it('emits upstream, then that, like an array concat', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.array(fc.integer()), async (a, b) => {
        const out = await Source.from(a).concatLazy(Source.from(b)).runWith(Sink.seq(), mat);
        expect(out).toEqual([...a, ...b]);
      }),
      { numRuns: 30 },
    );
  });

  it('materializes that only once upstream completed', async () => {
    const that = counted([10, 11]);
    const [pub, sub] = TestSource.probe<number>()
      .concatLazy(that.source)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    expect(that.made()).toBe(0);
    pub.sendComplete();
    await sub.expectNoMessage(10);
    expect(that.made()).toBe(1);
    sub.request(5);
    await sub.expectNext(10, 11);
    await sub.expectComplete();
  });

  it('fails with upstream without materializing that, or with that', async () => {
    const that = counted([1]);
    await expect(
      Source.failed<number>(boom).concatLazy(that.source).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(that.made()).toBe(0);
    await expect(
      Source.single(1).concatLazy(Source.failed(boom)).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('backpressures and cancels upstream or that with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(concatLazy(Source.repeat(7)))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    pub.sendComplete();
    sub.request(2);
    await sub.expectNext(7, 7);
    await sub.expectNoMessage(10);
    sub.cancel();
    const [pub2, sub2] = TestSource.probe<number>()
      .concatLazy(Source.single(1))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });
});

describe('prependLazy', () => {
  it('emits that, then upstream, like an array concat', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.array(fc.integer()), async (a, b) => {
        const out = await Source.from(a).prependLazy(Source.from(b)).runWith(Sink.seq(), mat);
        expect(out).toEqual([...b, ...a]);
      }),
      { numRuns: 30 },
    );
  });

  it('materializes that on the first pull and pulls upstream only after it', async () => {
    const that = counted([10, 11]);
    const [pub, sub] = TestSource.probe<number>()
      .prependLazy(that.source)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(that.made()).toBe(0);
    sub.request(2);
    await sub.expectNext(10, 11);
    expect(that.made()).toBe(1);
    expect(pub.pending).toBe(0);
    sub.request(1);
    expect(await pub.expectRequest()).toBeGreaterThan(0);
    pub.sendNext(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('an upstream that ends early does so only when its turn comes', async () => {
    expect(
      await Source.empty<number>()
        .prependLazy(Source.from([1, 2]))
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 2]);
    const [pub, sub] = TestSource.probe<number>()
      .prependLazy(Source.from([1, 2]))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    pub.sendError(boom);
    sub.request(3);
    await sub.expectNext(1, 2);
    expect(await sub.expectError()).toBe(boom);
  });

  it('fails with that, cancelling upstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(prependLazy(Source.failed<number>(boom)))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    expect(await sub.expectError()).toBe(boom);
    await pub.expectCancellation();
  });

  it('cancels upstream and that with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .prependLazy(Source.repeat(7))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await sub.expectNext(7);
    sub.cancel();
    await pub.expectCancellation();
  });
});
