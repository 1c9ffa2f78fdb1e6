import { Flow, type Graph, type NotUsed, type SourceShape, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { LazyConcat } from './LazyConcat.js';

/**
 * Emits the elements of `that`, then this stream's. `that` is materialized on the first
 * downstream pull, and upstream is pulled only once `that` completed; an upstream that completes
 * or fails meanwhile does so only when its turn comes.
 * - Emits when: `that`, then upstream, has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: `that` and then upstream completed.
 * - Fails when: `that` fails, or upstream failed and its turn came.
 * - Cancels when: downstream cancels.
 * @see prepend, concatLazy
 */
export function prependLazy<T>(that: Graph<SourceShape<T>, unknown>): Flow<T, T, NotUsed> {
  return Flow.fromGraph(new LazyConcat([that], true, 'prependLazy'));
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Emits `that`, materialized on demand, then this stream; see {@link prependLazy}. */
    prependLazy(that: Graph<SourceShape<Out>, unknown>): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('prependLazy', prependLazy);
