import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { alsoTo, divertTo, Keep, Materializer, Sink, Source, wireTap } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('alsoTo', () => {
  it('sends every element both downstream and to the sink', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const side: number[] = [];
        const out = await Source.from(xs)
          .alsoTo(Sink.foreach((x: number) => side.push(x)))
          .runWith(Sink.seq(), mat);
        expect(out).toEqual(xs);
        expect(side).toEqual(xs);
      }),
    );
  });

  it('is paced by the slower of downstream and the sink', async () => {
    const [[pub, tap], sub] = TestSource.probe<number>()
      .viaMat(alsoTo(TestSink.probe<number>()), Keep.both)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    tap.request(1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await tap.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
    await tap.expectComplete();
  });

  it('completes the sink with upstream, fails both with upstream, cancels when either cancels', async () => {
    let report: (r: unknown) => void = () => undefined;
    const sideDone = new Promise((resolve) => (report = resolve));
    const [pub, sub] = flowProbes(
      alsoTo(
        Sink.onComplete<number>((r) => {
          report(r);
        }),
      ),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    expect(await sideDone).toEqual({ ok: false, error });

    const [pub2, sub2] = flowProbes(alsoTo(Sink.cancelled<number>()), mat);
    await pub2.expectCancellation();
    await sub2.expectComplete();
  });
});

describe('wireTap', () => {
  it('never backpressures because of the tap: elements it has no demand for skip it', async () => {
    const [tap, out] = Source.from([1, 2, 3])
      .viaMat(wireTap(TestSink.probe<number>()), Keep.right)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await out).toEqual([1, 2, 3]);
    await tap.expectComplete();
  });

  it('calls a function tap with every element', async () => {
    const seen: number[] = [];
    const out = await Source.from([1, 2])
      .wireTap((x) => seen.push(x))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2]);
    expect(seen).toEqual([1, 2]);
  });

  it('ignores the tap cancelling, and cancels with downstream', async () => {
    const [pub, sub] = flowProbes(wireTap(Sink.cancelled<number>()), mat);
    sub.request(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    sub.cancel();
    await pub.expectCancellation();
  });

  it('fails with upstream', async () => {
    const [pub, sub] = flowProbes(wireTap(Sink.ignore<number>()), mat);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
  });
});

describe('divertTo', () => {
  it('splits the stream by the predicate, like the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const side: number[] = [];
        const out = await Source.from(xs)
          .divertTo(
            Sink.foreach((x: number) => side.push(x)),
            (x) => x % 2 === 0,
          )
          .runWith(Sink.seq(), mat);
        expect(out).toEqual(xs.filter((x) => x % 2 !== 0));
        expect(side).toEqual(xs.filter((x) => x % 2 === 0));
      }),
    );
  });

  it('backpressures while the target of the current element does', async () => {
    const [pub, sub] = flowProbes(
      divertTo(Sink.ignore<number>(), (x: number) => x < 0),
      mat,
    );
    await pub.expectRequest();
    pub.sendNext(-1);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await sub.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('fails with upstream, cancels with downstream, refuses a non-function', async () => {
    const [pub, sub] = flowProbes(
      divertTo(Sink.ignore<number>(), () => false),
      mat,
    );
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    const [pub2, sub2] = flowProbes(
      divertTo(Sink.ignore<number>(), () => false),
      mat,
    );
    sub2.cancel();
    await pub2.expectCancellation();
    expect(() => divertTo(Sink.ignore(), 1 as never)).toThrow(/divertTo: p must be a function/);
  });
});
