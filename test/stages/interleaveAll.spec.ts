import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Flow, interleaveAll, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { interleaveModel } from './interleaveModel.js';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

const boom = new Error('boom');

/** An endless source 100, 101, ... that counts its reads (pulls) and records being closed. */
function tracked(): {
  source: Source<number, unknown>;
  reads: () => number;
  closed: () => boolean;
} {
  let reads = 0;
  let closed = false;
  return {
    source: Source.unfoldResource(
      () => undefined,
      () => 100 + reads++,
      () => {
        closed = true;
      },
    ),
    reads: () => reads,
    closed: () => closed,
  };
}

describe('interleaveAll', () => {
  it('takes segmentSize elements from this stream and each source in turn (array model)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.integer(), { maxLength: 8 }), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: 3 }),
        async (inputs, k) => {
          const [head = [], ...rest] = inputs;
          const out = await Source.from(head)
            .interleaveAll(
              rest.map((xs) => Source.from(xs)),
              k,
            )
            .runWith(Sink.seq(), mat);
          expect(out).toEqual(interleaveModel(inputs, k));
        },
      ),
      { numRuns: 50 },
    );
  });

  it('works on a Flow, and with no other sources passes this stream through', async () => {
    const flow = Flow.create<number>().interleaveAll([Source.from([10, 20])], 2);
    expect(await Source.from([1, 2, 3]).via(flow).runWith(Sink.seq(), mat)).toEqual([
      1, 2, 10, 20, 3,
    ]);
    expect(await Source.from([1, 2]).interleaveAll([], 1).runWith(Sink.seq(), mat)).toEqual([1, 2]);
  });

  it('completes at the first completed input with eagerClose', async () => {
    // Source.from completes as it emits its last element, so nothing follows 10.
    expect(
      await Source.from([1, 2, 3])
        .interleaveAll([Source.from([10]), Source.from([20, 21])], 1, true)
        .runWith(Sink.seq(), mat),
    ).toEqual([1, 10]);
  });

  it('pulls only the current input (backpressure)', async () => {
    const a = tracked();
    const b = tracked();
    const [pub, sub] = TestSource.probe<number>()
      .interleaveAll([a.source, b.source], 1)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    await pub.expectRequest();
    await sub.expectNoMessage(10);
    expect([a.reads(), b.reads()]).toEqual([0, 0]);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    expect([a.reads(), b.reads()]).toEqual([0, 0]);
    sub.request(2);
    await sub.expectNext(100, 100);
    await sub.expectNoMessage(10);
    expect([a.reads(), b.reads()]).toEqual([1, 1]);
    sub.request(1);
    await pub.expectRequest();
    pub.sendComplete();
    await sub.expectNext(101);
    sub.cancel();
    expect([a.closed(), b.closed()]).toEqual([true, true]);
  });

  it('fails with any input, cancelling the others', async () => {
    const a = tracked();
    const [pub, sub] = TestSource.probe<number>()
      .interleaveAll([a.source, Source.failed<number>(boom)], 1)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    await sub.expectError(boom);
    await pub.expectCancellation();
    expect(a.closed()).toBe(true);
  });

  it('cancels every input with downstream', async () => {
    const a = tracked();
    const b = tracked();
    const [pub, sub] = TestSource.probe<number>()
      .interleaveAll([a.source, b.source], 2)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(1);
    await pub.expectRequest();
    sub.cancel();
    await pub.expectCancellation();
    expect([a.closed(), b.closed()]).toEqual([true, true]);
  });

  it('rejects bad settings', () => {
    expect(() => interleaveAll<number>([Source.single(1)], 0)).toThrow(
      /^interleaveAll: segmentSize must be a positive integer, got 0$/,
    );
    expect(() => Source.single(1).interleaveAll([], 1.5)).toThrow(
      'interleaveAll: segmentSize must be a positive integer, got 1.5',
    );
  });
});
