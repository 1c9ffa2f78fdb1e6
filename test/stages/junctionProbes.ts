// Runs a junction between probes, so a spec can drive every input and output by hand.
import {
  ClosedShape,
  type FanInShape2,
  type FanOutShape2,
  GraphDSL,
  type GraphStage,
  type Materializer,
  RunnableGraph,
  type UniformFanInShape,
  type UniformFanOutShape,
} from 'sluice';
import { TestSink, type TestSinkProbe, TestSource, type TestSourceProbe } from 'sluice/testkit';

/** A tuple of `N` elements of type `T`, so a spec can destructure the probes it asked for. */
type Tuple<T, N extends number, R extends T[] = []> = R['length'] extends N
  ? R
  : Tuple<T, N, [...R, T]>;

export function fanInProbes<In, Out, N extends number>(
  junction: GraphStage<UniformFanInShape<In, Out>>,
  n: N,
  mat: Materializer,
): [Tuple<TestSourceProbe<In>, N>, TestSinkProbe<Out>] {
  const sources = Array.from({ length: n }, () => TestSource.probe<In>());
  const graph = GraphDSL.createWith(
    [TestSink.probe<Out>(), ...sources] as const,
    (b, sink, ...ins) => {
      const j = b.add(junction);
      ins.forEach((s, i) => {
        b.connect(s.out, j.in(i));
      });
      b.connect(j.out, sink.in);
      return ClosedShape.instance;
    },
  );
  const [sub, ...pubs] = RunnableGraph.fromGraph(graph).run(mat) as unknown as [
    TestSinkProbe<Out>,
    ...TestSourceProbe<In>[],
  ];
  return [pubs as Tuple<TestSourceProbe<In>, N>, sub];
}

export function fanIn2Probes<A, B, Out>(
  junction: GraphStage<FanInShape2<A, B, Out>>,
  mat: Materializer,
): readonly [TestSourceProbe<A>, TestSourceProbe<B>, TestSinkProbe<Out>] {
  const graph = GraphDSL.createWith(
    [TestSource.probe<A>(), TestSource.probe<B>(), TestSink.probe<Out>()] as const,
    (b, a, bb, sink) => {
      const j = b.add(junction);
      b.connect(a.out, j.in0);
      b.connect(bb.out, j.in1);
      b.connect(j.out, sink.in);
      return ClosedShape.instance;
    },
  );
  return RunnableGraph.fromGraph(graph).run(mat);
}

export function fanOutProbes<In, Out, N extends number>(
  junction: GraphStage<UniformFanOutShape<In, Out>>,
  n: N,
  mat: Materializer,
): [TestSourceProbe<In>, Tuple<TestSinkProbe<Out>, N>] {
  const sinks = Array.from({ length: n }, () => TestSink.probe<Out>());
  const graph = GraphDSL.createWith(
    [TestSource.probe<In>(), ...sinks] as const,
    (b, src, ...outs) => {
      const j = b.add(junction);
      b.connect(src.out, j.in);
      outs.forEach((s, i) => {
        b.connect(j.out(i), s.in);
      });
      return ClosedShape.instance;
    },
  );
  const [pub, ...subs] = RunnableGraph.fromGraph(graph).run(mat) as unknown as [
    TestSourceProbe<In>,
    ...TestSinkProbe<Out>[],
  ];
  return [pub, subs as Tuple<TestSinkProbe<Out>, N>];
}

export function fanOut2Probes<In, A, B>(
  junction: GraphStage<FanOutShape2<In, A, B>>,
  mat: Materializer,
): readonly [TestSourceProbe<In>, TestSinkProbe<A>, TestSinkProbe<B>] {
  const graph = GraphDSL.createWith(
    [TestSource.probe<In>(), TestSink.probe<A>(), TestSink.probe<B>()] as const,
    (b, src, a, bb) => {
      const j = b.add(junction);
      b.connect(src.out, j.in);
      b.connect(j.out0, a.in);
      b.connect(j.out1, bb.in);
      return ClosedShape.instance;
    },
  );
  return RunnableGraph.fromGraph(graph).run(mat);
}
