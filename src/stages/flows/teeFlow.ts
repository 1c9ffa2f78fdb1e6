import {
  type FanOutShape2,
  Flow,
  FlowShape,
  type Graph,
  GraphDSL,
  type GraphStage,
  type SinkShape,
} from '../../core/index.js';

/**
 * @internal Wraps a one-in, two-out stage and a sink into a Flow: `out0` is the flow's output and
 * `out1` feeds the sink. How `alsoTo`, `wireTap` and `divertTo` are built, with no sub-ports: the
 * sink is fused into the same graph (or its own island, if it is `async`). The flow materializes
 * to the sink's value.
 */
export function teeFlow<T, M>(
  stage: GraphStage<FanOutShape2<T, T, T>>,
  sink: Graph<SinkShape<T>, M>,
): Flow<T, T, M> {
  return Flow.fromGraph(
    GraphDSL.createWith([sink], (b, side) => {
      const tee = b.add(stage);
      b.connect(tee.out1, side.in);
      return new FlowShape(tee.in, tee.out0);
    }),
  ).mapMaterializedValue(([m]) => m);
}
