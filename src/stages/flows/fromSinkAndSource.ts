import {
  Flow,
  FlowShape,
  type Graph,
  GraphDSL,
  NotUsed,
  type SinkShape,
  type SourceShape,
} from '../../core/index.js';
import { addFlowFactory } from '../fluent.js';

/**
 * A flow whose input goes to `sink` and whose output comes from `source`, with no connection
 * between the two: either side may finish without the other noticing (see
 * `fromSinkAndSourceCoupled` to tie their termination together).
 * - Emits when: `source` emits.
 * - Backpressures when: `sink` backpressures.
 * - Completes when: `source` completes.
 * - Cancels when: `sink` cancels.
 * @see fromSinkAndSourceCoupled, fromSinkAndSourceMat
 */
export function fromSinkAndSource<In, Out>(
  sink: Graph<SinkShape<In>, unknown>,
  source: Graph<SourceShape<Out>, unknown>,
): Flow<In, Out, NotUsed> {
  return fromSinkAndSourceMat(sink, source).mapMaterializedValue(() => NotUsed);
}

/** {@link fromSinkAndSource} materializing to the pair of the sink's and the source's values. */
export function fromSinkAndSourceMat<In, Out, M1, M2>(
  sink: Graph<SinkShape<In>, M1>,
  source: Graph<SourceShape<Out>, M2>,
): Flow<In, Out, [M1, M2]> {
  return Flow.fromGraph(
    GraphDSL.createWith([sink, source], (_b, si, so) => new FlowShape(si.in, so.out)),
  ).mapMaterializedValue(([m1, m2]): [M1, M2] => [m1, m2]);
}

declare module '../../core/Flow.js' {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- merges static factories into the Flow class
  namespace Flow {
    /** A flow from an independent sink and source; see {@link fromSinkAndSource}. */
    function fromSinkAndSource<In, Out>(
      sink: Graph<SinkShape<In>, unknown>,
      source: Graph<SourceShape<Out>, unknown>,
    ): Flow<In, Out, NotUsed>;
    /** The same, materializing both values; see {@link fromSinkAndSourceMat}. */
    function fromSinkAndSourceMat<In, Out, M1, M2>(
      sink: Graph<SinkShape<In>, M1>,
      source: Graph<SourceShape<Out>, M2>,
    ): Flow<In, Out, [M1, M2]>;
  }
}
addFlowFactory('fromSinkAndSource', fromSinkAndSource);
addFlowFactory('fromSinkAndSourceMat', fromSinkAndSourceMat);
