import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { concat, interleave, Keep, Materializer, NotUsed, Sink, Source } from 'sluice';
import { assertAllStagesStopped, VirtualClock } from 'sluice/testkit';
import { arbitrarySource, endlessClosing, sourceOfKind } from './sourceKinds.js';
import { interleaveModel } from './interleaveModel.js';

// Source.combine with `concat`, or `interleave` without eagerClose, runs the sources after the
// first inside a step of the first's stream when they are plain fused chains (as the fluent
// `concat` and `interleaveAll` do); otherwise it builds the junction. Either way, the same order.

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('Source.combine of plain fused chains', () => {
  const arb = fc.array(arbitrarySource(6), { minLength: 1, maxLength: 4 });

  it('concat: every source in turn, for every kind of source', async () => {
    await fc.assert(
      fc.asyncProperty(arb, async (inputs) => {
        const sources = inputs.map(([xs, k]) => sourceOfKind(xs, k));
        const out = await Source.combine(sources, (n) => concat<number>(n)).runWith(
          Sink.seq(),
          mat,
        );
        expect(out).toEqual(inputs.flatMap(([xs]) => xs));
      }),
      { numRuns: 80 },
    );
  });

  it("interleave: the junction's order, for every kind of source", async () => {
    await fc.assert(
      fc.asyncProperty(arb, fc.integer({ min: 1, max: 3 }), async (inputs, k) => {
        const sources = inputs.map(([xs, kind]) => sourceOfKind(xs, kind));
        const out = await Source.combine(sources, (n) => interleave<number>(n, k)).runWith(
          Sink.seq(),
          mat,
        );
        expect(out).toEqual(
          interleaveModel(
            inputs.map(([xs]) => xs),
            k,
          ),
        );
      }),
      { numRuns: 80 },
    );
  });

  it('materializes NotUsed, and keeps eagerClose on the junction', async () => {
    const [used, out] = Source.combine([Source.from([1, 2]), Source.from([3])], (n) =>
      concat<number>(n),
    )
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(used).toBe(NotUsed);
    expect(await out).toEqual([1, 2, 3]);
    expect(
      await Source.combine([Source.from([1, 2, 3]), Source.from([10])], (n) =>
        interleave<number>(n, 1, true),
      ).runWith(Sink.seq(), mat),
    ).toEqual([1, 10]);
  });

  it('stops the sources after the first when downstream cancels', async () => {
    const endless = endlessClosing();
    const out = await Source.combine([Source.from([1, 2, 3]), endless.source], (n) =>
      interleave<number>(n, 1),
    )
      .take(4)
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 0, 2, 1]);
    expect(endless.closed()).toBe(1);
  });
});
