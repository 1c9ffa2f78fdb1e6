import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';
import { ticksMidStream } from '../core/midStreamTicks.js';
import { arbitrarySource, endlessClosing, sourceOfKind } from './sourceKinds.js';
import { interleaveModel } from './interleaveModel.js';

// The fluent interleave and interleaveAll (without eagerClose) run sources that are plain fused
// chains inside their own step, taking upstream's elements in its turns; any other source goes
// through the junction. Both must give the junction's order.

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('interleave of plain fused chains', () => {
  it("gives the junction's order for every kind of source on either side", async () => {
    const arb = arbitrarySource(7);
    await fc.assert(
      fc.asyncProperty(
        arb,
        fc.array(arb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 3 }),
        async ([up, upKind], those, k) => {
          const ins = those.map(([xs, kind]) => sourceOfKind(xs, kind));
          const source = sourceOfKind(up, upKind);
          const out =
            ins.length === 1
              ? await source
                  .interleave(ins[0] as Source<number, unknown>, k)
                  .runWith(Sink.seq(), mat)
              : await source.interleaveAll(ins, k).runWith(Sink.seq(), mat);
          expect(out).toEqual(interleaveModel([up, ...those.map(([xs]) => xs)], k));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('waits for the current input, even while another has elements', async () => {
    const [pub, sub] = TestSource.probe<number>()
      .interleave(Source.from([10, 20, 30]), 2)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(10);
    await pub.expectRequest();
    await sub.expectNoMessage(10);
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    pub.sendNext(2);
    await sub.expectNext(2, 10, 20);
    await pub.expectRequest();
    pub.sendComplete();
    await sub.expectNext(30);
    await sub.expectComplete();
  });

  it('waits for a source on its turn, and upstream waits meanwhile', async () => {
    let release: (xs: number[]) => void = () => undefined;
    const later = Source.fromPromise(new Promise<number[]>((r) => (release = r))).mapConcat(
      (xs) => xs,
    );
    const [pub, sub] = TestSource.probe<number>()
      .interleave(later, 1)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(4);
    await pub.expectRequest();
    pub.sendNext(1);
    await sub.expectNext(1);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    release([7, 8]);
    await sub.expectNext(7);
    await pub.expectRequest();
    pub.sendNext(2);
    await sub.expectNext(2, 8);
    pub.sendComplete();
    await sub.expectComplete();
  });

  it('sends a source’s start (a scan seed) at its first turn', async () => {
    const out = await Source.from([1, 2])
      .interleave(
        Source.from([5]).scan(0, (a, x) => a + x),
        1,
      )
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 0, 2, 5]);
  });

  it('names the source in its port errors', async () => {
    const nulls = Source.from([1]).interleave(
      Source.from([1]).map(() => null as unknown as number),
      1,
    );
    await expect(nulls.runWith(Sink.seq(), mat)).rejects.toThrow(
      /interleave\.in1: cannot push null to port 'interleave\.out'/,
    );
  });

  it('stops every source when downstream cancels, and when a source fails', async () => {
    const a = endlessClosing();
    const b = endlessClosing();
    const [pub, sub] = TestSource.probe<number>()
      .interleaveAll([a.source, b.source], 2)
      .toMat(TestSink.probe<number>(), Keep.both)
      .run(mat);
    sub.request(5);
    await pub.expectRequest();
    pub.sendNext(-1).sendNext(-2);
    await sub.expectNext(-1, -2, 0, 1, 0);
    sub.cancel();
    await pub.expectCancellation();
    expect([a.closed(), b.closed()]).toEqual([1, 1]);
    const c = endlessClosing();
    const boom = new Error('boom');
    const failing = Source.from([1, 2]).map((x) => {
      if (x === 2) throw boom;
      return x;
    });
    await expect(
      Source.from([0, 0, 0]).interleaveAll([c.source, failing], 1).runWith(Sink.seq(), mat),
    ).rejects.toBe(boom);
    expect(c.closed()).toBe(1);
  });

  it('yields to the event loop on the real clock: a 1 ms timer fires mid-stream', async () => {
    const { seen, midTicks, materializer } = await ticksMidStream(
      Source.range(1, 1_000_000).interleaveAll(
        [Source.range(1, 500_000), Source.repeat(1).take(500_000)],
        3,
      ),
    );
    assertAllStagesStopped(materializer);
    expect(seen).toBe(2_000_000);
    expect(midTicks).toBeGreaterThan(0);
  });
});
