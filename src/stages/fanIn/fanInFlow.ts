import {
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
