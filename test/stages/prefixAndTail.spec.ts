import { afterEach, describe, expect, it } from 'vitest';
import {
  flatMapPrefix,
  Flow,
  Keep,
  Materializer,
  prefixAndTail,
  Sink,
  Source,
  SubscriptionTimeoutError,
} from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

describe('prefixAndTail', () => {
  it('emits the prefix and a source of the rest', async () => {
    const [prefix, tail] = await Source.range(1, 5).prefixAndTail(2).runWith(Sink.head(), mat);
    expect(prefix).toEqual([1, 2]);
    expect(await tail.runWith(Sink.seq(), mat)).toEqual([3, 4, 5]);
  });

  it('emits a shorter prefix and an empty tail when upstream completes first', async () => {
    const [prefix, tail] = await Source.range(1, 2).prefixAndTail(5).runWith(Sink.head(), mat);
    expect(prefix).toEqual([1, 2]);
    expect(await tail.runWith(Sink.seq(), mat)).toEqual([]);
  });

  it('emits at once with n = 0, and the tail completes even when materialized late', async () => {
    const [prefix, tail] = await Source.from([1]).prefixAndTail(0).runWith(Sink.head(), mat);
    expect(prefix).toEqual([]);
    await settle();
    expect(await tail.runWith(Sink.seq(), mat)).toEqual([1]);
  });

  it('backpressures upstream until the tail pulls', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .prefixAndTail(1)
      .toMat(TestSink.probe(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    const [prefix, tail] = await sub.expectNextAny();
    expect(prefix).toEqual([1]);
    await sub.expectComplete();
    await settle();
    expect(pub.pending).toBe(0);
    const tailSub = tail.runWith(TestSink.probe<number>(), mat);
    tailSub.request(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await tailSub.expectNext(2);
    pub.sendComplete();
    await tailSub.expectComplete();
  });

  it('fails the tail with upstream, cancels upstream when the tail cancels', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .prefixAndTail(0)
      .toMat(TestSink.probe(), Keep.both)
      .run(mat);
    sub.request(1);
    const [, tail] = await sub.expectNextAny();
    const tailSub = tail.runWith(TestSink.probe<number>(), mat);
    tailSub.request(1);
    await pub.expectRequest();
    pub.sendError(boom);
    await tailSub.expectError(boom);

    const [pub2, sub2] = TestSource.probe<number>()
      .prefixAndTail(0)
      .toMat(TestSink.probe(), Keep.both)
      .run(mat);
    sub2.request(1);
    const [, tail2] = await sub2.expectNextAny();
    const tailSub2 = tail2.runWith(TestSink.probe<number>(), mat);
    tailSub2.cancel();
    await pub2.expectCancellation();
  });

  it('fails before the prefix is complete, cancels with downstream', async () => {
    await expect(
      Source.failed<number>(boom).prefixAndTail(2).runWith(Sink.head(), mat),
    ).rejects.toBe(boom);
    const [pub, sub] = TestSource.probe<number>()
      .prefixAndTail(2)
      .toMat(TestSink.probe(), Keep.both)
      .run(mat);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('fails an unused tail after the subscription timeout and cancels upstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .prefixAndTail(0, 1_000)
      .toMat(TestSink.probe(), Keep.both)
      .run(mat);
    sub.request(1);
    const [, tail] = await sub.expectNextAny();
    await sub.expectComplete();
    await sub.expectNoMessage(999);
    expect(pub.pending).toBe(0);
    clock.advance(1);
    await pub.expectCancellation();
    const error = await tail.runWith(Sink.seq(), mat).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SubscriptionTimeoutError);
    expect((error as Error).message).toMatch(
      /^prefixAndTail#\d+: cannot wait for the tail: it was not materialized within 1000 ms$/,
    );
  });

  it('rejects a bad n', () => {
    expect(() => prefixAndTail(-1)).toThrow(
      'prefixAndTail: n must be a non-negative integer, got -1',
    );
    expect(() => prefixAndTail(1, -1)).toThrow(
      'prefixAndTail: subscriptionTimeoutMs must be a non-negative number of milliseconds, got -1',
    );
  });
});

describe('flatMapPrefix', () => {
  it('builds the flow for the rest from the prefix', async () => {
    const out = await Source.from([10, 1, 2, 3])
      .flatMapPrefix(1, ([first]) => Flow.create<number>().map((x) => x * (first ?? 0)))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([10, 20, 30]);
  });

  it('builds the flow from a short prefix when upstream completes first', async () => {
    const out = await Source.from([1])
      .flatMapPrefix(3, (prefix) => Flow.create<number>().prepend(Source.from(prefix)))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1]);
  });

  it('fails with upstream, with f, and with the built flow', async () => {
    await expect(
      Source.failed<number>(boom)
        .flatMapPrefix(1, () => Flow.create<number>())
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.from([1, 2])
        .flatMapPrefix(1, () => {
          throw boom;
        })
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.from([1, 2, 3])
        .flatMapPrefix(1, () =>
          Flow.create<number>().map(() => {
            throw boom;
          }),
        )
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('backpressures and cancels with downstream', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .flatMapPrefix(1, () => Flow.create<number>())
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects bad settings', () => {
    expect(() => flatMapPrefix(-1, () => Flow.create())).toThrow(
      'flatMapPrefix: n must be a non-negative integer, got -1',
    );
  });
});
