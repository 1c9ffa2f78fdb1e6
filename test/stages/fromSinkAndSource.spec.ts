import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Flow, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, settle, TestSink, TestSource } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Flow.fromFunction', () => {
  it('maps elements against an array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const out = await Source.from(xs)
          .via(Flow.fromFunction((x: number) => x + 1))
          .runWith(Sink.seq(), mat);
        expect(out).toEqual(xs.map((x) => x + 1));
      }),
      { numRuns: 30 },
    );
  });

  it('passes back-pressure, completion, failure and cancellation', async () => {
    const [pub, sub] = flowProbes(
      Flow.fromFunction((x: number) => x * 10),
      mat,
    );
    sub.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(10);
    pub.sendComplete();
    await sub.expectComplete();
    const boom = new TE('up');
    const [pub2, sub2] = flowProbes(
      Flow.fromFunction((x: number) => x),
      mat,
    );
    pub2.sendError(boom);
    await sub2.expectError(boom);
    const [pub3, sub3] = flowProbes(
      Flow.fromFunction((x: number) => x),
      mat,
    );
    sub3.cancel();
    await pub3.expectCancellation();
  });

  it('fails the stream when f throws, and rejects a non-function', async () => {
    const boom = new TE('f');
    await expect(
      Source.single(1)
        .via(
          Flow.fromFunction((): number => {
            throw boom;
          }),
        )
        .runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(() => Flow.fromFunction(3 as unknown as (x: number) => number)).toThrow(
      /Flow.fromFunction/,
    );
  });
});

describe('Flow.fromSinkAndSource', () => {
  it('feeds the sink and emits the source independently', async () => {
    const [sinkMat, sourceMat] = [Sink.seq<number>(), Source.from(['a', 'b'])];
    const [[collected], result] = Source.from([1, 2, 3])
      .viaMat(Flow.fromSinkAndSourceMat(sinkMat, sourceMat), Keep.right)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await result).toEqual(['a', 'b']);
    expect(await collected).toEqual([1, 2, 3]);
  });

  it('does not couple termination: the source completing leaves the sink running', async () => {
    const [[pub, sinkSide], sub] = TestSource.probe<number>()
      .viaMat(
        Flow.fromSinkAndSourceMat(TestSink.probe<number>(), Source.empty<string>()),
        (up, [inner]) => [up, inner] as const,
      )
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    sub.request(1);
    await sub.expectComplete();
    sinkSide.request(1);
    await pub.expectRequest();
    pub.sendNext(4);
    await sinkSide.expectNext(4);
    pub.sendComplete();
    await sinkSide.expectComplete();
  });
});

describe('Flow.fromSinkAndSourceCoupled', () => {
  function coupled(): {
    pub: ReturnType<typeof TestSource.probe<number>> extends Source<number, infer P> ? P : never;
    sinkSide: ReturnType<typeof TestSink.probe<number>> extends Sink<number, infer P> ? P : never;
    srcSide: ReturnType<typeof TestSource.probe<string>> extends Source<string, infer P>
      ? P
      : never;
    sub: ReturnType<typeof TestSink.probe<string>> extends Sink<string, infer P> ? P : never;
  } {
    const [[pub, [sinkSide, srcSide]], sub] = TestSource.probe<number>()
      .viaMat(
        Flow.fromSinkAndSourceCoupledMat(TestSink.probe<number>(), TestSource.probe<string>()),
        Keep.both,
      )
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    return { pub, sinkSide, srcSide, sub };
  }

  it('passes elements both ways with back-pressure', async () => {
    const { pub, sinkSide, srcSide, sub } = coupled();
    sinkSide.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sinkSide.expectNext(1);
    sub.request(1);
    await srcSide.expectRequest();
    srcSide.sendNext('x');
    await sub.expectNext('x');
    pub.sendComplete();
    await sinkSide.expectComplete();
    await srcSide.expectCancellation();
    await sub.expectComplete();
  });

  it('the source completing cancels upstream and completes the sink', async () => {
    const { pub, sinkSide, srcSide, sub } = coupled();
    srcSide.sendComplete();
    await sub.expectComplete();
    await pub.expectCancellation();
    await sinkSide.expectComplete();
  });

  it('the sink cancelling cancels the source and completes downstream', async () => {
    const { pub, sinkSide, srcSide, sub } = coupled();
    sinkSide.cancel();
    await pub.expectCancellation();
    await srcSide.expectCancellation();
    await sub.expectComplete();
  });

  it('downstream cancelling completes the sink and cancels upstream', async () => {
    const { pub, sinkSide, srcSide, sub } = coupled();
    sub.cancel();
    await srcSide.expectCancellation();
    await sinkSide.expectComplete();
    await pub.expectCancellation();
  });

  it('an upstream failure fails the sink and downstream', async () => {
    const { pub, sinkSide, srcSide, sub } = coupled();
    const boom = new TE('up');
    pub.sendError(boom);
    await sinkSide.expectError(boom);
    await sub.expectError(boom);
    await srcSide.expectCancellation();
    await settle();
  });
});
