import { afterEach, describe, expect, it } from 'vitest';
import {
  Attributes,
  type ClosedShape,
  Flow,
  type Graph,
  GraphBuildError,
  Keep,
  map,
  Materializer,
  NotUsed,
  RunnableGraph,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped } from 'sluice/testkit';

const mat = new Materializer();
afterEach(() => {
  assertAllStagesStopped(mat);
});

describe('the Source/Flow/Sink DSL', () => {
  it('runs filter -> map -> fold', async () => {
    const sum = await Source.range(1, 100)
      .filter((x) => x % 2 === 0)
      .map((x) => x + 1)
      .runWith(
        Sink.fold(0, (a: number, x: number) => a + x),
        mat,
      );
    expect(sum).toBe(2600);
  });

  it('materializes one blueprint many times, independently', async () => {
    const graph = Source.from([1, 2, 3])
      .scan(0, (a, x) => a + x)
      .toMat(Sink.seq<number>(), Keep.right);
    const [a, b] = [graph.run(mat), graph.run(mat)];
    expect(await a).toEqual([0, 1, 3, 6]);
    expect(await b).toEqual([0, 1, 3, 6]);
    expect(a).not.toBe(b);
  });

  it('combines materialized values with Keep', async () => {
    const source = Source.single(1).mapMaterializedValue(() => 'left');
    const [left, right] = source.toMat(Sink.head<number>(), Keep.both).run(mat);
    expect(left).toBe('left');
    expect(await right).toBe(1);
    expect(source.to(Sink.ignore()).run(mat)).toBe('left');
    expect(source.toMat(Sink.ignore(), Keep.none).run(mat)).toBe(NotUsed);
    const viaMat = source.viaMat(
      Flow.create<number>().mapMaterializedValue(() => 7),
      Keep.right,
    );
    expect(viaMat.to(Sink.ignore()).run(mat)).toBe(7);
  });

  it('composes a Flow into a Sink and a Flow into a Flow', async () => {
    const parse = Flow.create<string>()
      .map(Number)
      .filter((n) => !Number.isNaN(n));
    const double = Flow.create<number>().map((n) => n * 2);
    const sink = parse.via(double).toMat(Sink.seq<number>(), Keep.right);
    expect(await Source.from(['1', 'x', '3']).runWith(sink, mat)).toEqual([2, 6]);
  });

  it('rejects the materialized promise when the stream fails', async () => {
    const boom = new Error('boom');
    const done = Source.range(1, 10)
      .map((x) => {
        if (x === 3) throw boom;
        return x;
      })
      .runWith(Sink.seq(), mat);
    await expect(done).rejects.toBe(boom);
  });

  it('fails Source.failed and completes Source.empty', async () => {
    await expect(Source.failed(new Error('nope')).runWith(Sink.seq(), mat)).rejects.toThrow('nope');
    expect(await Source.empty<number>().runWith(Sink.seq(), mat)).toEqual([]);
    expect(await Source.empty<number>().runWith(Sink.headOption(), mat)).toBeUndefined();
    await expect(Source.empty<number>().runWith(Sink.head(), mat)).rejects.toThrow(
      /without elements/,
    );
  });

  it('takes from an infinite source and cancels it', async () => {
    expect(await Source.repeat('a').take(3).runWith(Sink.seq(), mat)).toEqual(['a', 'a', 'a']);
    expect(await Source.range(1, 5).take(0).runWith(Sink.seq(), mat)).toEqual([]);
  });

  it('emits a resolved promise and fails on a rejected one', async () => {
    expect(await Source.fromPromise(Promise.resolve(5)).runWith(Sink.last(), mat)).toBe(5);
    await expect(
      Source.fromPromise(Promise.reject(new Error('r'))).runWith(Sink.last(), mat),
    ).rejects.toThrow('r');
  });

  it('runs the sink side effects of foreach in order', async () => {
    const seen: number[] = [];
    await Source.range(1, 3).runWith(
      Sink.foreach((x: number) => {
        seen.push(x);
      }),
      mat,
    );
    expect(seen).toEqual([1, 2, 3]);
  });

  it('applies supervision to map, filter and scan', async () => {
    const resume = Attributes.supervisionStrategy(() => 'resume');
    const failing = (x: number) => {
      if (x === 2) throw new Error('skip');
      return x;
    };
    expect(
      await Source.range(1, 3).map(failing).withAttributes(resume).runWith(Sink.seq(), mat),
    ).toEqual([1, 3]);
    const restart = Attributes.supervisionStrategy(() => 'restart');
    const sums = await Source.range(1, 4)
      .scan(0, (a, x) => {
        if (x === 3) throw new Error('reset');
        return a + x;
      })
      .withAttributes(restart)
      .runWith(Sink.seq(), mat);
    expect(sums).toEqual([0, 1, 3, 4]);
  });

  it('refuses bad settings at once, naming operator and parameter', () => {
    expect(() => Source.range(1, 2).take(-1)).toThrow(
      /take: n must be a non-negative integer, got -1/,
    );
    expect(() => Source.range(1, 5, 0)).toThrow(/Source.range: step must not be 0/);
    expect(() => Attributes.inputBuffer(0, 4)).toThrow(/initial must be a positive integer, got 0/);
    expect(() => Source.single(null)).toThrow(/Source.single: element must not be null/);
    expect(() => new Materializer({ eventsPerYield: 0 })).toThrow(/eventsPerYield/);
  });

  it('names stages in errors with named()', async () => {
    const parse = Flow.create<number>().map(() => null as unknown as number);
    const single = Source.single(1).via(
      map((_: number) => null as unknown as number).named('parse'),
    );
    await expect(single.runWith(Sink.seq(), mat)).rejects.toThrow(
      /^parse#2: cannot push null to port 'map.out'/,
    );
    const composite = Source.single(1).via(parse.named('parse'));
    await expect(composite.runWith(Sink.seq(), mat)).rejects.toThrow(
      /^parse\/map#3: cannot push null/,
    );
  });

  it('refuses to run a graph with an open port', () => {
    const open = Source.fromGraph(Source.single(1)).via(Flow.create<number>());
    expect(() => Sink.seq<number>().shape).not.toThrow();
    expect(open.shape.out.name).toBe('identity.out');
    // Only a cast gets an open graph this far: the types close every graph that runs.
    const forced = open as unknown as Graph<ClosedShape, NotUsed>;
    expect(() => RunnableGraph.fromGraph(forced).run(mat)).toThrow(GraphBuildError);
  });
});
