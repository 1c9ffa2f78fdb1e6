import {
  type FanInShape2,
  Flow,
  type Graph,
  type GraphStage,
  type NotUsed,
  type SourceShape,
  type Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanIn2Flow } from './fanInFlow.js';
import { pair, Zip2 } from './Zip2.js';
import { ZipChain } from './ZipChain.js';
import { ZipWithLogic } from './zipWith.js';

/**
 * A junction that pairs one element of each input: `[a, b]`.
 * - Emits when: both inputs have an element available.
 * - Backpressures when: downstream backpressures; an input that delivered waits for the other.
 * - Completes when: either input completes (once its pending element, if any, was used).
 * - Cancels when: downstream cancels.
 *
 * The fluent `a.zip(b)` (and `a.zipWith(b, f)`) over a `b` that is a plain chain of fusable stages
 * (`Source.range(1, n)`, `Source.from(xs).map(g)`) runs `b` inside a step of the stream instead of
 * through this junction, holding one element of it ahead as the junction does.
 * @see zipWith, zipLatest, zipAll, Source.zipN
 */
export function zip<A, B>(): GraphStage<FanInShape2<A, B, [A, B]>> {
  return new Zip2<A, B, [A, B]>(pair, 'zip', ZipWithLogic);
}

function zipFlow<A, B>(that: Graph<SourceShape<B>, unknown>): Flow<A, [A, B], NotUsed> {
  const fused = ZipChain.of<A, B, [A, B]>(that, pair, 'zip');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanIn2Flow(zip<A, B>(), that);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Pairs each element with one of `that`; see {@link zip}. */
    zip<B>(that: Graph<SourceShape<B>, unknown>): Repr<Kind, In, [Out, B], Mat>;
  }
}
addFlowOperator('zip', zipFlow);
