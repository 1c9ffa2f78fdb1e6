import type { Flow, Graph, NotUsed, SourceShape, Repr } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInAllFlow } from './fanInFlow.js';
import { merge } from './merge.js';
import { mergeChains } from './mergeSources.js';

/**
 * Merges every source of `those` into this stream, first come first served: `merge` with many
 * sources at once. When two or more of `those` are given and every one is a plain fused chain
 * (`Source.from`, `range`, with `map`, `filter`, ...), they run as one fused source that takes
 * them in turn, merged with this stream by a two-input `merge`: the same elements, each input in
 * its own order, but this stream then gets every other turn rather than one in `those.length + 1`.
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
  // One fused source instead of an island per input: its elements cross no port until the merge.
  const fused = those.length > 1 ? mergeChains(those, eagerComplete) : undefined;
  if (fused !== undefined) return fanInAllFlow(merge<T>(2, eagerComplete), [fused]);
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
