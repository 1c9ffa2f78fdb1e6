import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Attributes, Materializer, Sink, Source, statefulMap, Supervision } from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';
import { flowProbes, TE } from './flowProbes.js';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Emits running pairs [previous, current], and the last element alone at completion. */
function pairs(onCompleteCalls: number[] = []) {
  return statefulMap<number | undefined, number, number[]>(
    () => undefined,
    (prev, x) => [x, prev === undefined ? undefined : [prev, x]],
    (prev) => {
      onCompleteCalls.push(prev ?? -1);
      return prev === undefined ? undefined : [prev];
    },
  );
}

describe('statefulMap', () => {
  it('threads state like a reduce over the array model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer()), async (xs) => {
        const out = await Source.from(xs).via(pairs()).runWith(Sink.seq(), mat);
        const model = xs.slice(1).map((x, i) => [xs[i], x]);
        if (xs.length > 0) model.push([xs[xs.length - 1]]);
        expect(out).toEqual(model);
      }),
    );
  });

  it('runs onComplete exactly once when downstream cancels, emitting nothing', async () => {
    const calls: number[] = [];
    const [pub, sub] = flowProbes(pairs(calls), mat);
    sub.request(1);
    pub.sendNext(1, 2);
    await sub.expectNext([1, 2]);
    sub.cancel();
    await pub.expectCancellation();
    expect(calls).toEqual([2]);
  });

  it('runs onComplete exactly once when upstream fails, and fails', async () => {
    const calls: number[] = [];
    const [pub, sub] = flowProbes(pairs(calls), mat);
    sub.request(1);
    pub.sendNext(7);
    const error = new TE('up');
    pub.sendError(error);
    await sub.expectError(error);
    expect(calls).toEqual([7]);
  });

  it('emits the onComplete result only on demand', async () => {
    const [pub, sub] = flowProbes(pairs(), mat);
    pub.sendNext(1).sendComplete();
    await sub.expectNoMessage(0);
    sub.request(1);
    await sub.expectNext([1]);
    await sub.expectComplete();
  });

  it('keeps state on resume and restarts from create() on restart', async () => {
    const sum = (decider: typeof Supervision.resumingDecider) =>
      Source.from([1, 2, 3, 4])
        .statefulMap(
          () => 0,
          (acc: number, x: number) => {
            if (x === 3) throw new TE('three');
            return [acc + x, acc + x];
          },
        )
        .withAttributes(Attributes.supervisionStrategy(decider))
        .runWith(Sink.seq(), mat);
    expect(await sum(Supervision.resumingDecider)).toEqual([1, 3, 7]);
    expect(await sum(Supervision.restartingDecider)).toEqual([1, 3, 4]);
    await expect(sum(Supervision.stoppingDecider)).rejects.toThrow('three');
  });

  it('refuses arguments that are not functions', () => {
    expect(() => statefulMap(1 as never, () => [0, 0])).toThrow(
      /statefulMap: create must be a function/,
    );
  });
});
