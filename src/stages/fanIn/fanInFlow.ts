import {
  type FanInShape2,
  Flow,
  FlowShape,
  type Graph,
  GraphDSL,
  type GraphStage,
  type Inlet,
  type NotUsed,
  type Outlet,
  type Shape,
  type SourceShape,
  type UniformFanInShape,
} from '../../core/index.js';

/**
 * @internal The flow behind the fluent fan-in methods (`source.merge(that)`, `.zip(that)`, ...):
 * the stream it is attached to enters the junction at `ports(shape)[0]`, `that` at `[1]`, and the
 * junction's outlet is the flow's outlet. The materialized value of `that` is dropped.
 */
export function fanInFlow<In, That, Out, S extends Shape>(
  junction: GraphStage<S>,
  that: Graph<SourceShape<That>, unknown>,
  ports: (shape: S) => readonly [self: Inlet<In>, other: Inlet<That>, out: Outlet<Out>],
): Flow<In, Out, NotUsed> {
  return Flow.fromGraph(
    GraphDSL.create((b) => {
      const [self, other, out] = ports(b.add(junction));
      b.connect(b.add(that).out, other);
      return new FlowShape(self, out);
    }),
  );
}

/** @internal {@link fanInFlow} for a `FanInShape2` junction: this stream at `in0`, `that` at `in1`. */
export function fanIn2Flow<A, B, Out>(
  junction: GraphStage<FanInShape2<A, B, Out>>,
  that: Graph<SourceShape<B>, unknown>,
): Flow<A, Out, NotUsed> {
  return fanInFlow(junction, that, (s) => [s.in0, s.in1, s.out] as const);
}

/**
 * @internal The flow behind the fluent N-way fan-in methods (`source.interleaveAll(those)`, ...):
 * the stream it is attached to enters the junction at `in(0)` and `those[i]` at `in(i + 1)`, so the
 * junction needs `those.length + 1` inlets. The materialized values of `those` are dropped.
 */
export function fanInAllFlow<T, Out>(
  junction: GraphStage<UniformFanInShape<T, Out>>,
  those: readonly Graph<SourceShape<T>, unknown>[],
): Flow<T, Out, NotUsed> {
  return Flow.fromGraph(
    GraphDSL.create((b) => {
      const shape = b.add(junction);
      those.forEach((that, i) => {
        b.connect(b.add(that).out, shape.in(i + 1));
      });
      return new FlowShape(shape.in(0), shape.out);
    }),
  );
}
