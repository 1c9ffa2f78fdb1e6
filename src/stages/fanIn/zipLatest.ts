import type {
  FanInShape2,
  Flow,
  Graph,
  GraphStage,
  NotUsed,
  SourceShape,
  Repr,
} from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanIn2Flow } from './fanInFlow.js';
import { pair, Zip2 } from './Zip2.js';
import { ZipLatestWithLogic } from './zipLatestWith.js';

/**
 * A junction that pairs the latest element of each input, `[a, b]`, whenever either delivers a
 * new one (after both delivered once).
 * - Emits when: both inputs have delivered at least once and one of them has a new element.
 * - Backpressures when: downstream backpressures.
 * - Completes when: either input completes.
 * - Cancels when: downstream cancels.
 * @see zipLatestWith, zip
 */
export function zipLatest<A, B>(): GraphStage<FanInShape2<A, B, [A, B]>> {
  return new Zip2<A, B, [A, B]>(pair, 'zipLatest', ZipLatestWithLogic);
}

function zipLatestFlow<A, B>(that: Graph<SourceShape<B>, unknown>): Flow<A, [A, B], NotUsed> {
  return fanIn2Flow(zipLatest<A, B>(), that);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Pairs the latest elements of this stream and `that`; see {@link zipLatest}. */
    zipLatest<B>(that: Graph<SourceShape<B>, unknown>): Repr<Kind, In, [Out, B], Mat>;
  }
}
addFlowOperator('zipLatest', zipLatestFlow);
