import type { Flow, Graph, NotUsed, SourceShape } from '../../core/index.js';
import { addFlowOperator } from '../fluent.js';
import { fanInAllFlow } from './fanInFlow.js';
import { merge } from './merge.js';

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
  return fanInAllFlow(merge<T>(those.length + 1, eagerComplete), those);
}

declare module '../../core/Source.js' {
  interface Source<Out, Mat> {
    /** Merges all of `those` into this stream; see {@link mergeAll}. */
    mergeAll(
      those: readonly Graph<SourceShape<Out>, unknown>[],
      eagerComplete?: boolean,
    ): Source<Out, Mat>;
  }
}
declare module '../../core/Flow.js' {
  interface Flow<In, Out, Mat> {
    /** Merges all of `those` into this stream; see {@link mergeAll}. */
    mergeAll(
      those: readonly Graph<SourceShape<Out>, unknown>[],
      eagerComplete?: boolean,
    ): Flow<In, Out, Mat>;
  }
}
addFlowOperator('mergeAll', mergeAll);
