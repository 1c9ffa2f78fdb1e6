import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  alsoTo,
  alsoToAll,
  Flow,
  type Graph,
  Keep,
  Sink,
  SinkShape,
  Source,
  wireTap,
} from 'sluice';
import { assertAllStagesStopped, TestSink } from 'sluice/testkit';
import { arbitrarySource, sourceOfKind } from './sourceKinds.js';
import { CancelAfter, EndRecorder, failingAt, loggingMaterializer } from './recordingSinks.js';

// The fluent alsoTo and wireTap run a sink that is a single fusable sink (foreach, ignore, fold)
// inside the chain; the flows `alsoTo(sink)` and `wireTap(sink)` (which keep the sink's value), and
// any other sink, go through the junction. Every case runs both and expects the same.

const { mat, lines } = loggingMaterializer();
afterEach(() => {
  assertAllStagesStopped(mat);
  lines.length = 0;
});

type Tee = 'alsoTo' | 'wireTap';

/** `source` with `sink` attached by `op`: fused (the fluent method) or through the junction. */
function tee<T>(
  source: Source<T, unknown>,
  op: Tee,
  sink: Graph<SinkShape<T>, unknown>,
  fused: boolean,
): Source<T, unknown> {
  if (fused) return op === 'alsoTo' ? source.alsoTo(sink) : source.wireTap(sink);
  return source.via(op === 'alsoTo' ? alsoTo(sink) : wireTap(sink));
}

const both = [true, false] as const;

describe.each(['alsoTo', 'wireTap'] as const)('fluent %s into a fusable sink', (op) => {
  it('hands every element downstream and to the sink, in order, for every kind of source', async () => {
    await fc.assert(
      fc.asyncProperty(arbitrarySource(8), async ([xs, kind]) => {
        const results = [];
        for (const fused of both) {
          const side: number[] = [];
          const out = await tee(
            sourceOfKind(xs, kind),
            op,
            Sink.foreach((x: number) => side.push(x)),
            fused,
          ).runWith(Sink.seq(), mat);
          results.push({ out, side });
        }
        expect(results[0]).toEqual({ out: xs, side: xs });
        expect(results[1]).toEqual(results[0]);
      }),
      { numRuns: 60 },
    );
  });

  it('gives the element downstream before the sink, as the junction does', async () => {
    for (const fused of both) {
      const log: string[] = [];
      await tee(
        Source.from([1, 2]),
        op,
        Sink.foreach((x: number) => log.push(`side ${String(x)}`)),
        fused,
      )
        .map((x) => {
          log.push(`main ${String(x)}`);
          return x;
        })
        .runWith(Sink.ignore(), mat);
      expect(log).toEqual(['main 1', 'side 1', 'main 2', 'side 2']);
    }
  });

  it('sends the sink only what downstream asks for', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const probe = tee(
        Source.from([1, 2, 3, 4]),
        op,
        Sink.foreach((x: number) => side.push(x)),
        fused,
      ).runWith(TestSink.probe<number>(), mat);
      probe.request(2);
      await probe.expectNext(1, 2);
      await probe.expectNoMessage(10);
      expect(side).toEqual([1, 2]);
      probe.cancel();
    }
  });

  it('stops with downstream: the sink sees what downstream took', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const out = await tee(
        Source.from([1, 2, 3, 4]),
        op,
        Sink.foreach((x: number) => side.push(x)),
        fused,
      )
        .take(2)
        .runWith(Sink.seq(), mat);
      expect(out).toEqual([1, 2]);
      expect(side).toEqual([1, 2]);
    }
  });

  it('fails with upstream, after the sink saw what came before', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const result = tee(
        Source.from([1, 2]).concat(Source.failed<number>(new Error('upstream broke'))),
        op,
        Sink.foreach((x: number) => side.push(x)),
        fused,
      ).runWith(Sink.seq(), mat);
      await expect(result).rejects.toThrow('upstream broke');
      expect(side).toEqual([1, 2]);
    }
  });

  it('ends the sink as the junction does: failing with the stream, completing when downstream cancels', async () => {
    const cases: [string, (s: Source<number, unknown>) => Source<number, unknown>, string][] = [
      ['upstream fails', (s) => s.concat(Source.failed<number>(new Error('up'))), 'up'],
      [
        'downstream throws',
        (s) =>
          s.map((x) => {
            if (x === 2) throw new Error('down');
            return x;
          }),
        'down',
      ],
      ['downstream cancels', (s) => s.take(1), ''],
    ];
    for (const [, shape, failure] of cases) {
      const seen: string[][] = [];
      for (const fused of both) {
        const ends: string[] = [];
        const teed = (s: Source<number, unknown>): Source<number, unknown> =>
          tee(s, op, new EndRecorder(ends), fused);
        const stream =
          failure === 'up' ? teed(shape(Source.from([1, 2]))) : shape(teed(Source.from([1, 2, 3])));
        await stream.runWith(Sink.ignore(), mat).catch(() => undefined);
        seen.push(ends);
      }
      expect(seen[0]).toEqual(
        failure === '' ? ['complete', 'stop'] : [`error: ${failure}`, 'stop'],
      );
      expect(seen[1]).toEqual(seen[0]);
    }
  });

  it('feeds a fresh sink step per materialization', async () => {
    const counted = Source.from([1, 2, 3])
      [op](Sink.fold(0, (n: number) => n + 1))
      .toMat(Sink.seq(), Keep.right);
    await expect(counted.run(mat)).resolves.toEqual([1, 2, 3]);
    await expect(counted.run(mat)).resolves.toEqual([1, 2, 3]);
  });

  it('runs in every substream', async () => {
    const side: number[] = [];
    const out = await Source.range(1, 6)
      .groupBy(2, (x) => x % 2)
      [op](Sink.foreach((x: number) => side.push(x)))
      .mergeSubstreams()
      .runWith(Sink.seq(), mat);
    expect([...out].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect([...side].sort()).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe('alsoTo into a fusable sink that throws or cancels', () => {
  it('fails the stream with the sink’s error', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const result = tee(
        Source.range(1, 6),
        'alsoTo',
        failingAt(3, side, 'side broke'),
        fused,
      ).runWith(Sink.seq(), mat);
      await expect(result).rejects.toThrow('side broke');
      expect(side).toEqual([1, 2, 3]);
    }
  });

  it('completes the stream when the sink cancels', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const out = await tee(Source.range(1, 6), 'alsoTo', new CancelAfter(2, side), fused).runWith(
        Sink.seq(),
        mat,
      );
      expect(out).toEqual([1, 2]);
      expect(side).toEqual([1, 2]);
    }
  });

  it('completes at once when the sink cancels at its start', async () => {
    const outs = [];
    for (const fused of both) {
      const side: number[] = [];
      const out = await tee(Source.range(1, 6), 'alsoTo', new CancelAfter(0, side), fused)
        .map((x) => x)
        .runWith(Sink.seq(), mat);
      expect(side).toEqual([]);
      outs.push(out);
    }
    expect(outs).toEqual([[], []]);
  });
});

describe('wireTap into a fusable sink that throws or cancels', () => {
  it('drops the tap, logs its error, and goes on', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const out = await tee(
        Source.range(1, 6),
        'wireTap',
        failingAt(3, side, 'tap broke'),
        fused,
      ).runWith(Sink.seq(), mat);
      expect(out).toEqual([1, 2, 3, 4, 5, 6]);
      expect(side).toEqual([1, 2, 3]);
      expect(lines).toEqual([expect.stringMatching(/^Error in stage .*: Error: tap broke$/)]);
      lines.length = 0;
    }
  });

  it('goes on without a tap that cancels', async () => {
    for (const fused of both) {
      const side: number[] = [];
      const out = await tee(Source.range(1, 6), 'wireTap', new CancelAfter(2, side), fused).runWith(
        Sink.seq(),
        mat,
      );
      expect(out).toEqual([1, 2, 3, 4, 5, 6]);
      expect(side).toEqual([1, 2]);
    }
  });
});

describe('fluent alsoToAll into fusable sinks', () => {
  /** `source` into `sinks`: fused (the fluent method) or through the junction. */
  const teeAll = (
    source: Source<number, unknown>,
    sinks: Graph<SinkShape<number>, unknown>[],
    fused: boolean,
  ): Source<number, unknown> =>
    fused ? source.alsoToAll(...sinks) : source.via(alsoToAll<number, unknown[]>(...sinks));

  it('hands every element downstream and to each sink', async () => {
    for (const fused of both) {
      const a: number[] = [];
      const b: number[] = [];
      const out = await teeAll(
        Source.from([1, 2, 3]),
        [Sink.foreach((x: number) => a.push(x)), Sink.foreach((x: number) => b.push(x))],
        fused,
      ).runWith(Sink.seq(), mat);
      expect([out, a, b]).toEqual([
        [1, 2, 3],
        [1, 2, 3],
        [1, 2, 3],
      ]);
    }
  });

  it('ends everything when one sink cancels or fails, and completes the sinks when downstream cancels', async () => {
    const cases: [() => Graph<SinkShape<number>, unknown>, number, [string, string[]]][] = [
      [() => new CancelAfter(2, []), Infinity, ['completed with 1,2', ['complete', 'stop']]],
      [
        () => failingAt(2, [], 'sink broke'),
        Infinity,
        ['failed: sink broke', ['error: sink broke', 'stop']],
      ],
      [() => Sink.ignore(), 1, ['completed with 1', ['complete', 'stop']]],
    ];
    for (const [other, take, expected] of cases) {
      const seen: [string, string[]][] = [];
      for (const fused of both) {
        const ends: string[] = [];
        const stream = teeAll(Source.range(1, 5), [new EndRecorder(ends), other()], fused);
        const result = await (take === Infinity ? stream : stream.take(take))
          .runWith(Sink.seq(), mat)
          .then(
            (xs) => `completed with ${xs.join(',')}`,
            (error: unknown) => `failed: ${(error as Error).message}`,
          );
        seen.push([result, ends]);
      }
      expect(seen).toEqual([expected, expected]);
    }
  });
});

describe('alsoTo and wireTap into any other sink', () => {
  it('go through the junction: an async sink, or a flow before the sink', async () => {
    const side: number[] = [];
    const tapped: number[] = [];
    const out = await Source.from([1, 2, 3])
      .alsoTo(Sink.foreach((x: number) => side.push(x)).async())
      .wireTap(
        Flow.create<number>()
          .map((x) => x * 10)
          .to(Sink.foreach((x: number) => tapped.push(x))),
      )
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([1, 2, 3]);
    expect(side).toEqual([1, 2, 3]);
    expect(tapped).toEqual([10, 20, 30]);
  });
});

describe('a sink that is not a Sink', () => {
  it('is refused with an error naming the operator and parameter', () => {
    const source = Source.single(1);
    expect(() => source.alsoTo(undefined as never)).toThrow(
      new TypeError('alsoTo: sink must be a Sink, got undefined'),
    );
    expect(() => source.alsoTo(Source.single(2) as never)).toThrow(
      new TypeError('alsoTo: sink must be a Sink, got a graph of another shape'),
    );
    expect(() => source.wireTap(42 as never)).toThrow(
      new TypeError('wireTap: sink must be a Sink, got number'),
    );
    expect(() => alsoTo(null as never)).toThrow(
      new TypeError('alsoTo: sink must be a Sink, got null'),
    );
    expect(() => source.alsoToAll(Sink.ignore(), 7 as never)).toThrow(
      new TypeError('alsoToAll: sinks[1] must be a Sink, got number'),
    );
    expect(() => source.divertTo(undefined as never, () => true)).toThrow(
      new TypeError('divertTo: sink must be a Sink, got undefined'),
    );
  });
});
