import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BidiFlow,
  BidiShape,
  ClosedShape,
  Flow,
  GraphDSL,
  Inlet,
  Keep,
  Materializer,
  Outlet,
  RunnableGraph,
  Sink,
  Source,
} from 'sluice';
import { assertAllStagesStopped, TestSink, TestSource, VirtualClock } from 'sluice/testkit';

const mat = new Materializer({ clock: new VirtualClock() });
afterEach(() => {
  assertAllStagesStopped(mat);
});

// A layer that frames strings going down and unframes them coming up.
const framing = BidiFlow.fromFunctions(
  (s: string) => `<${s}>`,
  (s: string) => s.slice(1, -1),
);
// A layer that encodes strings to numbers of characters going down, and back up.
const codec = BidiFlow.fromFunctions(
  (s: string) => s.split('').map((c) => c.charCodeAt(0)),
  (codes: number[]) => String.fromCharCode(...codes),
);

describe('BidiFlow', () => {
  it('join closes a layer with a flow: down through the top, back up through the bottom', async () => {
    const seen: string[] = [];
    const echo = framing.join(
      Flow.create<string>().map((s) => {
        seen.push(s);
        return s.toUpperCase();
      }),
    );
    expect(await Source.from(['a', 'bc']).via(echo).runWith(Sink.seq(), mat)).toEqual(['A', 'BC']);
    expect(seen).toEqual(['<a>', '<bc>']);
  });

  it('atop stacks layers: the upper top runs first going down, last coming up', async () => {
    const seen: number[][] = [];
    const stack = framing.atop(codec).join(
      Flow.create<number[]>().map((codes) => {
        seen.push(codes);
        return codes.map((c) => c + 1);
      }),
    );
    expect(await Source.single('a').via(stack).runWith(Sink.seq(), mat)).toEqual(['b']);
    // '<a>' went down encoded; on the way up '=b?' was decoded and unframed by dropping the ends.
    expect(seen).toEqual([[60, 97, 62]]);
  });

  it('reversed swaps the directions', async () => {
    const reversed = BidiFlow.fromFunctions(
      (n: number) => n * 2,
      (s: string) => s.length,
    ).reversed();
    // Down through the old bottom (length), up through the old top (double).
    const flow = reversed.join(Flow.create<number>().map((n) => n + 1));
    expect(await Source.from(['ab', 'abc']).via(flow).runWith(Sink.seq(), mat)).toEqual([6, 8]);
  });

  it('flow.join(bidi) closes the stack from the flow side and keeps the flow mat', async () => {
    const seen: string[] = [];
    const server = Flow.create<string>()
      .map((s) => {
        seen.push(s);
        return s.toUpperCase();
      })
      .mapMaterializedValue(() => 'server')
      .join(framing); // in at the bottom (unframe), out at the top (frame)
    const [m, out] = Source.from(['<a>', '<bc>'])
      .viaMat(server, Keep.right)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(m).toBe('server');
    expect(await out).toEqual(['<A>', '<BC>']);
    expect(seen).toEqual(['a', 'bc']);
  });

  it('identity is neutral in a stack', async () => {
    const flow = BidiFlow.identity<string, string>()
      .atop(framing)
      .atop(BidiFlow.identity<string, string>())
      .join(Flow.create<string>().map((s) => `${s}!`));
    expect(await Source.single('a').via(flow).runWith(Sink.seq(), mat)).toEqual(['a>']);
  });

  it('combines materialized values with fromFlowsMat, atopMat, joinMat and mapMaterializedValue', async () => {
    const top = Flow.create<number>().mapMaterializedValue(() => 'top');
    const bottom = Flow.create<number>().mapMaterializedValue(() => 'bottom');
    const layer = BidiFlow.fromFlowsMat(top, bottom, Keep.both);
    const stacked = layer
      .atopMat(
        BidiFlow.identity<number, number>().mapMaterializedValue(() => 'lower'),
        Keep.both,
      )
      .mapMaterializedValue(([pair, lower]) => [...pair, lower]);
    const flow = stacked.joinMat(
      Flow.create<number>().mapMaterializedValue(() => 'joined'),
      Keep.both,
    );
    const [m, out] = Source.from([1, 2])
      .viaMat(flow, Keep.right)
      .toMat(Sink.seq(), Keep.both)
      .run(mat);
    expect(m).toEqual([['top', 'bottom', 'lower'], 'joined']);
    expect(await out).toEqual([1, 2]);
    expect(BidiFlow.fromFlows(top, bottom).join(Flow.create<number>()).shape.in.name).toBe(
      'identity.in',
    );
  });

  it('is a graph: GraphDSL imports it, and fromGraph wraps a bidi-shaped graph', async () => {
    const graph = GraphDSL.create((b) => {
      const layer = b.add(framing);
      return new BidiShape(layer.in1, layer.out1, layer.in2, layer.out2);
    });
    const wrapped = BidiFlow.fromGraph(graph);
    expect(BidiFlow.fromGraph(wrapped)).toBe(wrapped);
    const flow = wrapped.join(Flow.create<string>());
    expect(await Source.single('x').via(flow).runWith(Sink.seq(), mat)).toEqual(['x']);
    expect(wrapped.shape).toBeInstanceOf(BidiShape);
    expect(wrapped.shape.in1).toBeInstanceOf(Inlet);
    expect(wrapped.shape.out2).toBeInstanceOf(Outlet);
  });

  it('runs its two directions independently: each completes, fails and backpressures on its own', async () => {
    const layer = BidiFlow.fromFunctions(
      (n: number) => n + 1,
      (n: number) => n * 10,
    );
    const parts = [
      TestSource.probe<number>(),
      TestSink.probe<number>(),
      TestSource.probe<number>(),
      TestSink.probe<number>(),
      layer,
    ] as const;
    const [[downIn, downOut, upIn, upOut]] = [
      RunnableGraph.fromGraph(
        GraphDSL.createWith(parts, (b, s1, k1, s2, k2, bidi) => {
          b.connect(s1.out, bidi.in1);
          b.connect(bidi.out1, k1.in);
          b.connect(s2.out, bidi.in2);
          b.connect(bidi.out2, k2.in);
          return ClosedShape.instance;
        }),
      ).run(mat),
    ];
    await downOut.expectNoMessage(10);
    expect(downIn.pending).toBe(0);
    downOut.request(1);
    expect(await downIn.expectRequest()).toBe(1);
    downIn.sendNext(1);
    await downOut.expectNext(2);
    await downOut.expectNoMessage(10);
    expect(downIn.pending).toBe(0); // one requested, one delivered: nothing more asked for
    downIn.sendComplete();
    await downOut.expectComplete();
    // The other direction still runs after the first completed.
    upOut.request(1);
    upIn.sendNext(4);
    await upOut.expectNext(40);
    const boom = new Error('boom');
    upIn.sendError(boom);
    expect(await upOut.expectError()).toBe(boom);
  });

  it('cancels upstream when downstream cancels, through a joined stack', async () => {
    const [pub, sub] = TestSource.probe<string>()
      .via(framing.atop(codec).join(Flow.create<number[]>()))
      .toMat(TestSink.probe<string>(), Keep.both)
      .run(mat);
    sub.request(1);
    pub.sendNext('a');
    await sub.expectNext('a');
    sub.cancel();
    await pub.expectCancellation();
  });

  it('rejects functions that are not functions', () => {
    expect(() => BidiFlow.fromFunctions(1 as never, (x: number) => x)).toThrow(
      'BidiFlow.fromFunctions: top must be a function, got number',
    );
    expect(() => BidiFlow.fromFunctions((x: number) => x, null as never)).toThrow(
      /BidiFlow\.fromFunctions: bottom must be a function/,
    );
  });

  it('fromFunctions(f, g).join(h) is g . h . f on every element', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: -100, max: 100 })), async (xs) => {
        const flow = BidiFlow.fromFunctions(
          (x: number) => x * 3,
          (x: number) => x - 1,
        ).join(Flow.create<number>().map((x) => x + 7));
        expect(await Source.from(xs).via(flow).runWith(Sink.seq(), mat)).toEqual(
          xs.map((x) => x * 3 + 7 - 1),
        );
      }),
    );
  });
});
