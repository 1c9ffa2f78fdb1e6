import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  Flow,
  FlowWithContext,
  Keep,
  Materializer,
  Sink,
  Source,
  SourceWithContext,
  type WithContext,
} from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

/** Runs a FlowWithContext over `xs`, each element its own context's source (context = index). */
function runIndexed<Out, Ctx>(
  xs: readonly number[],
  flow: FlowWithContext<number, number, Out, Ctx, unknown>,
): Promise<WithContext<Out, Ctx>[]> {
  return Source.from(xs.map((x, i): WithContext<number, number> => [x, i]))
    .via(flow.asFlow())
    .runWith(Sink.seq(), mat);
}

const indexed = (xs: readonly number[]): WithContext<number, number>[] => xs.map((x, i) => [x, i]);

describe('FlowWithContext', () => {
  it('map, filter, filterNot, collect and mapContext keep each element with its context', async () => {
    const flow = FlowWithContext.create<number, number>()
      .map((x) => x * 2)
      .filter((x) => x !== 4)
      .filterNot((x) => x === 8)
      .collect((x) => (x > 2 ? `v${String(x)}` : undefined))
      .mapContext((i) => `ctx${String(i)}`);
    expect(await runIndexed([1, 2, 3, 4, 5], flow)).toEqual([
      ['v6', 'ctx2'],
      ['v10', 'ctx4'],
    ]);
  });

  it('collect with a predicate keeps the element and its context', async () => {
    const flow = FlowWithContext.create<number, number>().collect((x) => x % 2 === 1);
    expect(await runIndexed([1, 2, 3], flow)).toEqual([
      [1, 0],
      [3, 2],
    ]);
  });

  it('mapConcat gives every output the context of its input', async () => {
    const flow = FlowWithContext.create<number, number>().mapConcat((x) =>
      Array.from({ length: x }, () => x),
    );
    expect(await runIndexed([2, 0, 1], flow)).toEqual([
      [2, 0],
      [2, 0],
      [1, 2],
    ]);
  });

  it('grouped and sliding collect the contexts of a group', async () => {
    expect(
      await runIndexed([5, 6, 7], FlowWithContext.create<number, number>().grouped(2)),
    ).toEqual([
      [
        [5, 6],
        [0, 1],
      ],
      [[7], [2]],
    ]);
    expect(
      await runIndexed([5, 6, 7], FlowWithContext.create<number, number>().sliding(2, 1)),
    ).toEqual([
      [
        [5, 6],
        [0, 1],
      ],
      [
        [6, 7],
        [1, 2],
      ],
    ]);
  });

  it('mapAsync keeps upstream order and drops undefined results with their context', async () => {
    const flow = FlowWithContext.create<number, number>().mapAsync(2, (x) =>
      Promise.resolve(x === 2 ? undefined : x * 10),
    );
    expect(await runIndexed([1, 2, 3], flow)).toEqual([
      [10, 0],
      [30, 2],
    ]);
  });

  it('mapError replaces the failure and passes elements with their contexts', async () => {
    const boom = new Error('boom');
    const flow = FlowWithContext.create<number, string>().mapError(
      (e) => new Error('wrapped', { cause: e }),
    );
    const [pub, sub] = TestSource.probe<WithContext<number, string>>()
      .via(flow.asFlow())
      .toMat(TestSink.probe<WithContext<number, string>>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext([1, 'a']);
    await sub.expectNext([1, 'a']);
    pub.sendError(boom);
    const error = await sub.expectError();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe('wrapped');
    expect((error as Error).cause).toBe(boom);
  });

  it('log writes the element, not the context', async () => {
    const lines: string[] = [];
    const logger = { debug: (m: string) => lines.push(m), error: (m: string) => lines.push(m) };
    const flow = FlowWithContext.create<number, string>().log('ctx', {
      extract: (x) => x + 1,
      logger,
    });
    const out = await Source.single<WithContext<number, string>>([1, 'a'])
      .via(flow.asFlow())
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([[1, 'a']]);
    expect(lines[0]).toMatch(/\[ctx\].*2/);
    expect(lines.join('\n')).not.toMatch(/'a'/);
  });

  it('via composes onto a SourceWithContext and onto another FlowWithContext', async () => {
    const double = FlowWithContext.create<number, number>().map((x) => x * 2);
    const show = FlowWithContext.create<number, number>().map((x) => `#${String(x)}`);
    const out = await Source.from([1, 2])
      .asSourceWithContext((x) => x + 100)
      .via(double.via(show))
      .asSource()
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([
      ['#2', 101],
      ['#4', 102],
    ]);
  });

  it('asFlowWithContext collapses the input and extracts the context from the output', async () => {
    const inc = Flow.create<{ v: number; offset: number }>().map((r) => ({ ...r, v: r.v + 1 }));
    const flow = inc.asFlowWithContext(
      (v: number, offset: number) => ({ v, offset }),
      (r) => r.offset,
    );
    const out = await Source.from<WithContext<number, number>>([
      [1, 7],
      [2, 8],
    ])
      .via(flow.map((r) => r.v).asFlow())
      .runWith(Sink.seq(), mat);
    expect(out).toEqual([
      [2, 7],
      [3, 8],
    ]);
  });

  it('keeps the materialized value of the wrapped flow, and SourceWithContext runs with to/toMat', async () => {
    const flow = Flow.create<number>()
      .mapMaterializedValue(() => 'flowMat')
      .asFlowWithContext(
        (x: number, _c: number) => x,
        (x) => x,
      )
      .mapMaterializedValue((m) => `${m}!`);
    const [m, done] = SourceWithContext.fromTuples(
      Source.single<WithContext<number, number>>([1, 1]),
    )
      .mapMaterializedValue(() => 'srcMat')
      .toMat(flow.asFlow().toMat(Sink.seq(), Keep.both), Keep.both)
      .run(mat);
    expect(m).toBe('srcMat');
    expect(done[0]).toBe('flowMat!');
    expect(await done[1]).toEqual([[1, 1]]);
    const seq = await SourceWithContext.fromTuples(
      Source.single<WithContext<number, string>>([1, 'a']),
    )
      .map((x) => x + 1)
      .runWith(Sink.seq(), mat);
    expect(seq).toEqual([[2, 'a']]);
  });

  it('backpressures, completes and cancels like the pair flow', async () => {
    const [pub, sub] = TestSource.probe<WithContext<number, string>>()
      .via(
        FlowWithContext.create<number, string>()
          .map((x) => x + 1)
          .asFlow(),
      )
      .toMat(TestSink.probe<WithContext<number, string>>(), Keep.both)
      .run(mat);
    await sub.expectNoMessage(10);
    expect(pub.pending).toBe(0);
    sub.request(1);
    expect(await pub.expectRequest()).toBe(1);
    pub.sendNext([1, 'a']);
    await sub.expectNext([2, 'a']);
    pub.sendComplete();
    await sub.expectComplete();
    const [pub2, sub2] = TestSource.probe<WithContext<number, string>>()
      .via(
        FlowWithContext.create<number, string>()
          .filter(() => true)
          .asFlow(),
      )
      .toMat(TestSink.probe<WithContext<number, string>>(), Keep.both)
      .run(mat);
    sub2.cancel();
    await pub2.expectCancellation();
  });

  it('fails when upstream fails or a function throws', async () => {
    const boom = new Error('boom');
    const [pub, sub] = TestSource.probe<WithContext<number, string>>()
      .via(
        FlowWithContext.create<number, string>()
          .map((x) => x)
          .asFlow(),
      )
      .toMat(TestSink.probe<WithContext<number, string>>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendError(boom);
    expect(await sub.expectError()).toBe(boom);
    await expect(
      runIndexed(
        [1],
        FlowWithContext.create<number, number>().map(() => {
          throw boom;
        }),
      ),
    ).rejects.toBe(boom);
  });

  it('rejects bad parameters when built, naming the DSL and the operator', () => {
    const flow = FlowWithContext.create<number, number>();
    expect(() => flow.map(1 as never)).toThrow(
      'FlowWithContext.map: f must be a function, got number',
    );
    expect(() => flow.filterNot(1 as never)).toThrow(
      'FlowWithContext.filterNot: p must be a function, got number',
    );
    expect(() => flow.mapAsync(0, (x) => x)).toThrow(
      'FlowWithContext.mapAsync: parallelism must be a positive integer, got 0',
    );
    expect(() => flow.grouped(0)).toThrow(/FlowWithContext\.grouped: n must be a positive integer/);
    expect(() => flow.sliding(2, 0)).toThrow(/FlowWithContext\.sliding: step must be/);
    expect(() => flow.mapContext('x' as never)).toThrow(/FlowWithContext\.mapContext: f/);
    expect(() =>
      Source.single(1)
        .asSourceWithContext((x) => x)
        .grouped(-1),
    ).toThrow(/SourceWithContext\.grouped: n must be a positive integer/);
    expect(() => Flow.create<number>().asFlowWithContext(1 as never, (x) => x)).toThrow(
      'asFlowWithContext: collapse must be a function, got number',
    );
  });

  it('matches the array model for map, filter, mapConcat and grouped', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 9 })),
        fc.integer({ min: 1, max: 4 }),
        async (xs, n) => {
          const flow = FlowWithContext.create<number, number>()
            .filter((x) => x % 3 !== 0)
            .mapConcat((x) => [x, -x])
            .map((x) => x * 2)
            .grouped(n);
          const model = indexed(xs)
            .filter(([x]) => x % 3 !== 0)
            .flatMap(([x, i]): WithContext<number, number>[] => [
              [x * 2, i],
              [-x * 2, i],
            ]);
          const expected: [number[], number[]][] = [];
          for (let k = 0; k < model.length; k += n) {
            const g = model.slice(k, k + n);
            expected.push([g.map(([x]) => x), g.map(([, i]) => i)]);
          }
          expect(await runIndexed(xs, flow)).toEqual(expected);
        },
      ),
    );
  });
});
