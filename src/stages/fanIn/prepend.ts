import type { Flow, Graph, NotUsed, SourceShape, Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { concat } from './concat.js';
import { fanInFlow } from './fanInFlow.js';

/**
 * Emits the elements of `that` first, then those of the stream it is attached to (a `concat` with
 * the inputs swapped).
 * - Emits when: the current input has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: both inputs completed.
 * - Cancels when: downstream cancels.
 * @see concat
 */
export function prepend<T>(that: Graph<SourceShape<T>, unknown>): Flow<T, T, NotUsed> {
  return fanInFlow(concat<T>(2), that, (s) => [s.in(1), s.in(0), s.out] as const);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits the elements of `that` first, then this stream's; see {@link prepend}. */
    prepend(that: Graph<SourceShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('prepend', prepend);
