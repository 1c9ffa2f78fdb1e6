import { afterEach, describe, expect, it } from 'vitest';
import { Flow, Keep, Materializer, RetryFlow, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const clock = new VirtualClock();
const mat = new Materializer({ clock });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');
const settings = { minBackoffMs: 100, maxBackoffMs: 1000, randomFactor: 0, maxRetries: 3 };

/** Adds one per pass; retries while the result is below 3. */
const inc = Flow.create<number>().map((x) => x + 1);
const belowThree = (_: number, out: number): number | undefined => (out < 3 ? out : undefined);

describe('RetryFlow.withBackoff', () => {
  it('passes elements that need no retry', async () => {
    const out = await Source.from([5, 6])
      .via(RetryFlow.withBackoff(settings, inc, belowThree))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([6, 7]);
  });

  it('retries after an exponential backoff on the materializer clock', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(RetryFlow.withBackoff(settings, inc, belowThree))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(2);
    pub.sendNext(0); // 0 -> 1 (retry after 100) -> 2 (retry after 200) -> 3
    await sub.expectNoMessage(99);
    await sub.expectNoMessage(200);
    clock.advance(1);
    await sub.expectNext(3);
    pub.sendNext(10);
    await sub.expectNext(11);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('emits the last output once maxRetries is reached', async () => {
    let calls = 0;
    const [pub, sub] = TestSource.probe<number>()
      .via(
        RetryFlow.withBackoff({ ...settings, maxRetries: 2 }, inc, (_, out) => {
          calls++;
          return out;
        }),
      )
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(0);
    await sub.expectNoMessage(299);
    clock.advance(1);
    await sub.expectNext(3);
    expect(calls).toBe(2);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('completes after upstream once the element in flight went out', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(RetryFlow.withBackoff(settings, inc, belowThree))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext(1);
    pub.sendComplete();
    await sub.expectNoMessage(99);
    clock.advance(1);
    await sub.expectNext(3);
    await sub.expectComplete();
  });

  it('fails when upstream, the inner flow or decideRetry fails', async () => {
    await expect(
      Source.failed<number>(boom)
        .via(RetryFlow.withBackoff(settings, inc, belowThree))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    const failing = Flow.create<number>().map((): number => {
      throw boom;
    });
    await expect(
      Source.single(1)
        .via(RetryFlow.withBackoff(settings, failing, belowThree))
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    await expect(
      Source.single(1)
        .via(
          RetryFlow.withBackoff(settings, inc, () => {
            throw boom;
          }),
        )
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
  });

  it('backpressures: one element in flight, pulled on demand', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .via(RetryFlow.withBackoff(settings, inc, belowThree))
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(5);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext(0);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects bad settings', () => {
    expect(() => RetryFlow.withBackoff({ ...settings, maxRetries: -1 }, inc, belowThree)).toThrow(
      'RetryFlow.withBackoff: maxRetries must be a non-negative integer, got -1',
    );
    expect(() => RetryFlow.withBackoff({ ...settings, maxBackoffMs: 10 }, inc, belowThree)).toThrow(
      'RetryFlow.withBackoff: maxBackoffMs must be >= minBackoffMs (100), got 10',
    );
    expect(() => RetryFlow.withBackoff(settings, inc, 1 as never)).toThrow(
      'RetryFlow.withBackoff: decideRetry must be a function, got number',
    );
  });
});
