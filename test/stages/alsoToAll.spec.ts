import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { alsoToAll, Keep, Materializer, Sink, Source } from 'sluice';
import { assertAllStagesStopped, TestSink, type TestSinkProbe, TestSource } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Upstream probe, the two side sinks' probes and the downstream probe around `alsoToAll`. */
function probes() {
  const [[pub, [left, right]], sub] = TestSource.probe<number>()
    .viaMat(alsoToAll(TestSink.probe<number>(), TestSink.probe<number>()), Keep.both)
    .toMat(TestSink.probe<number>(), Keep.both)
    .run(mat);
  const sides: [TestSinkProbe<number>, TestSinkProbe<number>] = [left, right];
  return { pub, sides, sub };
}

describe('alsoToAll', () => {
  it('sends every element downstream and to every sink', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), fc.integer({ min: 0, max: 3 }), async (xs, n) => {
        const sides = Array.from({ length: n }, () => [] as number[]);
        const out = await Source.from(xs)
          .alsoToAll(...sides.map((side) => Sink.foreach((x: number) => side.push(x))))
          .runWith(Sink.seq(), mat);
        expect(out).toEqual(xs);
        for (const side of sides) expect(side).toEqual(xs);
      }),
    );
  });

  it("materializes to the sinks' values, in order", async () => {
    const [[first, second], out] = Source.from([1, 2, 3])
      .viaMat(
        alsoToAll(
          Sink.seq<number>(),
          Sink.fold(0, (a, x: number) => a + x),
        ),
        Keep.right,
      )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(await out).toEqual([1, 2, 3]);
    expect(await first).toEqual([1, 2, 3]);
    expect(await second).toBe(6);
  });

  it('is paced by the slowest of downstream and the sinks', async () => {
    const { pub, sides, sub } = probes();
    const [left, right] = sides;
    sub.request(1);
    left.request(1);
    await sub.expectNoMessage(0);
    expect(pub.pending).toBe(0);
    right.request(1);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext(1);
    await sub.expectNext(1);
    await left.expectNext(1);
    await right.expectNext(1);
    pub.sendComplete();
    await sub.expectComplete();
    await left.expectComplete();
    await right.expectComplete();
  });

  it('fails downstream and every sink with upstream', async () => {
    const { pub, sides, sub } = probes();
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    for (const side of sides) await side.expectError(error);
  });

  it('cancels upstream when downstream or any sink cancels, completing the others', async () => {
    const first = probes();
    first.sub.cancel();
    await first.pub.expectCancellation();
    for (const side of first.sides) await side.expectComplete();

    const second = probes();
    second.sides[1].cancel();
    await second.pub.expectCancellation();
    await second.sub.expectComplete();
    await second.sides[0].expectComplete();
  });

  it('passes elements through with no sinks', async () => {
    const [pub, sub] = flowProbes(alsoToAll<number, []>(), mat);
    sub.request(1);
    pub.sendNext(7);
    await sub.expectNext(7);
    pub.sendComplete();
    await sub.expectComplete();
  });
});
