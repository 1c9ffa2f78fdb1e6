import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  broadcast,
  type Graph,
  GraphDSL,
  type GraphStage,
  Keep,
  Sink,
  SinkShape,
  Source,
  partition,
  PartitionOutOfBoundsError,
  type UniformFanOutShape,
} from 'sluice';
import { assertAllStagesStopped, TestSource } from 'sluice/testkit';
import { arbitrarySource, sourceOfKind } from './sourceKinds.js';
import { CancelAfter, EndRecorder, failingAt, loggingMaterializer } from './recordingSinks.js';

// Sink.combine with a broadcast into sinks that are all single fusable sinks runs as one fused
// sink; the same graph built with GraphDSL goes through the broadcast junction. Every case runs
// both and expects the same.

const { mat, lines } = loggingMaterializer();
afterEach(() => {
  assertAllStagesStopped(mat);
  lines.length = 0;
});

type Combined = Graph<SinkShape<number>, unknown>;

type FanOut = (n: number) => GraphStage<UniformFanOutShape<number, number>>;

/** `sinks` behind a junction: fused through `Sink.combine`, or the junction GraphDSL builds. */
function behind(sinks: readonly Combined[], junction: FanOut, fused: boolean): Combined {
  if (fused) return Sink.combine(sinks, junction);
  return Sink.fromGraph(
    GraphDSL.create((b) => {
      const fanOut = b.add(junction(sinks.length));
      sinks.forEach((sink, i) => {
        b.connect(fanOut.out(i), b.add(sink).in);
      });
      return new SinkShape(fanOut.in);
    }),
  );
}

/** `sinks` behind a broadcast. */
function combined(sinks: readonly Combined[], eagerCancel: boolean, fused: boolean): Combined {
  return behind(sinks, (n) => broadcast<number>(n, eagerCancel), fused);
}

/** Runs `source` into `sink` and waits for the source's end (completion or cancel). */
async function runInto(source: Source<number, unknown>, sink: Combined): Promise<void> {
  await source.watchTermination().toMat(sink, Keep.left).run(mat);
}

const collector = (into: number[]): Combined => Sink.foreach((x: number) => into.push(x));
const both = [true, false] as const;

describe('Sink.combine with broadcast into fusable sinks', () => {
  it('hands every element to every sink, in order, for every kind of source', async () => {
    await fc.assert(
      fc.asyncProperty(
        arbitrarySource(8),
        fc.integer({ min: 1, max: 3 }),
        async ([xs, kind], n) => {
          const seen: number[][][] = [];
          for (const fused of both) {
            const sides = Array.from({ length: n }, (): number[] => []);
            await runInto(sourceOfKind(xs, kind), combined(sides.map(collector), false, fused));
            seen.push(sides);
          }
          expect(seen[0]).toEqual(Array.from({ length: n }, () => xs));
          expect(seen[1]).toEqual(seen[0]);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('goes on without a sink that cancels, and cancels upstream once none is left', async () => {
    for (const fused of both) {
      const first: number[] = [];
      const second: number[] = [];
      await runInto(
        Source.range(1, 6),
        combined([new CancelAfter(2, first), collector(second)], false, fused),
      );
      expect(first).toEqual([1, 2]);
      expect(second).toEqual([1, 2, 3, 4, 5, 6]);

      const pub = TestSource.probe<number>()
        .toMat(combined([new CancelAfter(1, []), new CancelAfter(2, [])], false, fused), Keep.left)
        .run(mat);
      pub.sendNext(1);
      pub.sendNext(2);
      await pub.expectCancellation();
    }
  });

  it('with eagerCancel, ends every sink when one cancels', async () => {
    for (const fused of both) {
      const first: number[] = [];
      const second: number[] = [];
      const pub = TestSource.probe<number>()
        .toMat(combined([collector(first), new CancelAfter(2, second)], true, fused), Keep.left)
        .run(mat);
      pub.sendNext(1);
      pub.sendNext(2);
      await pub.expectCancellation();
      expect(first).toEqual([1, 2]);
      expect(second).toEqual([1, 2]);
    }
  });

  it('logs a sink that throws and goes on with the others', async () => {
    for (const fused of both) {
      const first: number[] = [];
      const second: number[] = [];
      const failing = failingAt(2, first, 'sink broke');
      await runInto(Source.range(1, 4), combined([failing, collector(second)], false, fused));
      expect(first).toEqual([1, 2]);
      expect(second).toEqual([1, 2, 3, 4]);
      expect(lines).toEqual([expect.stringMatching(/^Error in stage .*: Error: sink broke$/)]);
      lines.length = 0;
    }
  });

  it('fails the stream, and the other sinks, once a failing sink ends the junction', async () => {
    const throwing = (): Combined =>
      Sink.foreach(() => {
        throw new Error('sink broke');
      });
    for (const eagerCancel of [true, false]) {
      const seen: [string, string[]][] = [];
      for (const fused of both) {
        const ends: string[] = [];
        // With eagerCancel one failing sink ends it; without, only the last one left does.
        const sinks = eagerCancel ? [new EndRecorder(ends), throwing()] : [throwing(), throwing()];
        const result = await runInto(Source.range(1, 3), combined(sinks, eagerCancel, fused)).then(
          () => 'completed',
          (error: unknown) => `failed: ${(error as Error).message}`,
        );
        seen.push([result, ends]);
      }
      expect(seen[0]).toEqual([
        'failed: sink broke',
        eagerCancel ? ['error: sink broke', 'stop'] : [],
      ]);
      expect(seen[1]).toEqual(seen[0]);
    }
    lines.length = 0;
  });

  it('completes every sink with upstream, and fails every sink with it', async () => {
    for (const failing of [false, true]) {
      const seen: string[][][] = [];
      for (const fused of both) {
        const ends = [[], []] as string[][];
        const source = failing
          ? Source.from([1, 2]).concat(Source.failed<number>(new Error('up')))
          : Source.from([1, 2]);
        await runInto(
          source,
          combined(
            ends.map((e) => new EndRecorder(e)),
            false,
            fused,
          ),
        ).catch(() => undefined);
        seen.push(ends);
      }
      const end = failing ? ['error: up', 'stop'] : ['complete', 'stop'];
      expect(seen[0]).toEqual([end, end]);
      expect(seen[1]).toEqual(seen[0]);
    }
  });

  it('runs fused inside a fluent alsoTo too', async () => {
    const a: number[] = [];
    const b: number[] = [];
    const out = await Source.from([1, 2, 3])
      .alsoTo(Sink.combine([collector(a), collector(b)], (n) => broadcast<number>(n)))
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3]);
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 3]);
  });

  it('refuses a sink that is not a Sink, by its index', () => {
    expect(() => Sink.combine([Sink.ignore(), 3 as never], (n) => broadcast<number>(n))).toThrow(
      new TypeError('Sink.combine: sinks[1] must be a Sink, got number'),
    );
  });
});

describe('Sink.combine with partition into fusable sinks', () => {
  const byParity =
    (eagerCancel = false): FanOut =>
    (n) =>
      partition<number>(n, (x) => x & 1, eagerCancel);

  it('hands each element to the sink the partitioner picks, in order, for every kind of source', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySource(8), async ([xs, kind]) => {
        const seen: number[][][] = [];
        for (const fused of both) {
          const sides = [[], []] as number[][];
          await runInto(sourceOfKind(xs, kind), behind(sides.map(collector), byParity(), fused));
          seen.push(sides);
        }
        expect(seen[0]).toEqual([xs.filter((x) => (x & 1) === 0), xs.filter((x) => (x & 1) === 1)]);
        expect(seen[1]).toEqual(seen[0]);
      }),
      { numRuns: 60 },
    );
  });

  it('drops what it picks for a sink that cancelled, and goes on with the others', async () => {
    for (const fused of both) {
      const even: number[] = [];
      const odd: number[] = [];
      await runInto(
        Source.range(1, 8),
        behind([new CancelAfter(1, even), collector(odd)], byParity(), fused),
      );
      expect(even).toEqual([2]);
      expect(odd).toEqual([1, 3, 5, 7]);
    }
  });

  it('with eagerCancel, ends every sink when one cancels', async () => {
    for (const fused of both) {
      const even: number[] = [];
      const odd: number[] = [];
      await runInto(
        Source.range(1, 8),
        behind([new CancelAfter(1, even), collector(odd)], byParity(true), fused),
      );
      expect(even).toEqual([2]);
      expect(odd).toEqual([1]);
    }
  });

  it('fails with PartitionOutOfBoundsError when the partitioner picks no sink', async () => {
    for (const fused of both) {
      const seen: number[] = [];
      const result = runInto(
        Source.range(1, 4),
        behind([collector(seen)], (n) => partition<number>(n, (x) => (x < 3 ? 0 : x)), fused),
      );
      await expect(result).rejects.toBeInstanceOf(PartitionOutOfBoundsError);
      await expect(result).rejects.toThrow(
        /cannot route element: the partitioner returned 3, expected an integer in 0\.\.0$/,
      );
      expect(seen).toEqual([1, 2]);
    }
  });
});
