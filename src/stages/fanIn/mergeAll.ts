import { Flow, type Graph, type NotUsed, type SourceShape, type Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInAllFlow } from './fanInFlow.js';
import { merge } from './merge.js';
import { MergeChains } from './MergeChains.js';

/**
 * Merges every source of `those` into this stream, first come first served: `merge` with many
 * sources at once.
 * - Emits when: one of the inputs has an element available.
 * - Backpressures when: downstream backpressures.
 * - Completes when: this stream and all of `those` complete, or any of them when `eagerComplete`
 *   is set.
 * - Cancels when: downstream cancels (every input is cancelled).
 * @see merge, Source.combine
 */
export function mergeAll<T>(
  those: readonly Graph<SourceShape<T>, unknown>[],
  eagerComplete = false,
): Flow<T, T, NotUsed> {
  const fused = MergeChains.of(those, eagerComplete, 'mergeAll');
  if (fused !== undefined) return Flow.fromGraph(fused);
  return fanInAllFlow(merge<T>(those.length + 1, eagerComplete), those);
}

declare module '../../core/FlowOps.js' {
  interface FlowOps<In, Out, Mat, Kind> {
    /** Merges all of `those` into this stream; see {@link mergeAll}. */
    mergeAll(
      those: readonly Graph<SourceShape<Out>, unknown>[],
      eagerComplete?: boolean,
    ): Repr<Kind, In, Out, Mat>;
  }
}
addFlowOperator('mergeAll', mergeAll);
